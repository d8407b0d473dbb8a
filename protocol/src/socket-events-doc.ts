import type { z } from 'zod';
import { jsonSchemaOf } from './openapi';

/** One socket.io namespace as its event maps (events.ts, feeds.ts) declare it. */
export interface SocketNamespaceSpec {
  description: string;
  handshake: z.ZodType;
  requests: Record<string, { payload: z.ZodType; reply: z.ZodType }>;
  pushes: Record<string, z.ZodType>;
}

type Json = Record<string, unknown>;

export interface SocketEventsDocument {
  title: string;
  description: string;
  protocolVersion: number;
  namespaces: Record<
    string,
    {
      description: string;
      handshake: Json;
      clientToServer: Record<string, { payload: Json; reply: Json }>;
      serverToClient: Record<string, { payload: Json }>;
    }
  >;
}

const mapValues = <T, U>(o: Record<string, T>, f: (v: T) => U): Record<string, U> =>
  Object.fromEntries(Object.entries(o).map(([k, v]) => [k, f(v)]));

/**
 * The socket events as JSON Schema, from the same zod maps both ends parse with: what the
 * client sends is documented as zod's input, what the server sends as its output.
 */
export function socketEventsDocument(title: string, protocolVersion: number, namespaces: Record<string, SocketNamespaceSpec>): SocketEventsDocument {
  return {
    title,
    description:
      'socket.io namespaces. The handshake `auth` object is checked first (a wrong `protocolVersion` is refused with PROTOCOL_MISMATCH). ' +
      'A client-to-server event takes an acknowledgement callback, which receives `{ok: true, data: <reply>}` or `{ok: false, error: ApiError}`. ' +
      'Server-to-client events carry their payload and expect no answer.',
    protocolVersion,
    namespaces: mapValues(namespaces, (ns) => ({
      description: ns.description,
      handshake: jsonSchemaOf(ns.handshake, 'input'),
      clientToServer: mapValues(ns.requests, (r) => ({ payload: jsonSchemaOf(r.payload, 'input'), reply: jsonSchemaOf(r.reply, 'output') })),
      serverToClient: mapValues(ns.pushes, (p) => ({ payload: jsonSchemaOf(p, 'output') })),
    })),
  };
}

const key = (ns: string, ...parts: string[]) => [ns.replace(/^\//, 'socket.'), ...parts].join('.');

/** Every event schema as an OpenAPI component named `socket.<namespace>.<event>.<part>`. */
export function socketEventSchemas(doc: SocketEventsDocument): Record<string, Json> {
  const out: Record<string, Json> = {};
  for (const [ns, d] of Object.entries(doc.namespaces)) {
    out[key(ns, 'handshake')] = d.handshake;
    for (const [ev, r] of Object.entries(d.clientToServer)) {
      out[key(ns, ev, 'payload')] = r.payload;
      out[key(ns, ev, 'reply')] = r.reply;
    }
    for (const [ev, p] of Object.entries(d.serverToClient)) out[key(ns, ev, 'push')] = p.payload;
  }
  return out;
}

/** A Markdown summary of the events for the reference page, pointing at the schemas. */
export function socketEventsMarkdown(doc: SocketEventsDocument, jsonUrl: string): string {
  const lines = [`## Socket events`, '', `${doc.description} Full schemas: [${jsonUrl}](${jsonUrl}), and under "Schemas" below as \`socket.*\`.`, ''];
  const what = (schema: Json) => (typeof schema.description === 'string' ? schema.description.replace(/\|/g, '\\|') : '');
  for (const [ns, d] of Object.entries(doc.namespaces)) {
    lines.push(`### Namespace \`${ns}\``, '', d.description, '', '| direction | event | what | schemas |', '|---|---|---|---|');
    lines.push(`| handshake | \`auth\` | ${what(d.handshake)} | \`${key(ns, 'handshake')}\` |`);
    for (const [ev, r] of Object.entries(d.clientToServer)) lines.push(`| client → server | \`${ev}\` | ${what(r.payload)} | \`${key(ns, ev, 'payload')}\`, \`${key(ns, ev, 'reply')}\` |`);
    for (const [ev, p] of Object.entries(d.serverToClient)) lines.push(`| server → client | \`${ev}\` | ${what(p.payload)} | \`${key(ns, ev, 'push')}\` |`);
    lines.push('');
  }
  return lines.join('\n');
}
