import type { Namespace, Server, Socket } from 'socket.io';
import { verifyToken, tokenAllows } from '@ioc/protocol/signed-token';
import type { TokenClaims } from '@ioc/protocol/signed-token';
import { AppError, FEEDS_NAMESPACE, FeedsHandshakeSchema, PROTOCOL_VERSION, describeIssues, feedRequests, feedRoom } from '@ioc/protocol';
import type { FeedEnvelope, FeedsClientToServer, FeedsServerToClient, Result } from '@ioc/protocol';

export type FeedsNamespace = Namespace<FeedsClientToServer, FeedsServerToClient, Record<string, never>, { claims: TokenClaims }>;
type FeedsSocket = Socket<FeedsClientToServer, FeedsServerToClient, Record<string, never>, { claims: TokenClaims }>;

export interface FeedNamespaceDeps {
  tokenSecret: string;
  now: () => number;
  envelope(feedId: string): FeedEnvelope | null | undefined;
}

const handshakeError = (code: 'PROTOCOL_MISMATCH' | 'UNAUTHENTICATED' | 'VALIDATION_FAILED', message: string) =>
  Object.assign(new Error(message), { data: new AppError(code, message).toJSON() });

function reply<T>(cb: unknown, res: Result<T>): void {
  if (typeof cb === 'function') (cb as (r: Result<T>) => void)(res);
}
const fail = (e: AppError): Result<never> => ({ ok: false, error: e.toJSON() });

/**
 * `/feeds`: screens present a feeds token at the handshake and subscribe to the feeds of the
 * tiles they show. Rooms are socket.io's own, so a disconnect leaves nothing behind.
 */
export function bindFeedNamespace(io: Server, deps: FeedNamespaceDeps): FeedsNamespace {
  const nsp = io.of(FEEDS_NAMESPACE) as unknown as FeedsNamespace;

  nsp.use((socket, next) => {
    const hs = FeedsHandshakeSchema.safeParse(socket.handshake.auth);
    if (!hs.success) return next(handshakeError('VALIDATION_FAILED', `invalid handshake: ${describeIssues(hs.error.issues, 'auth')}`));
    if (hs.data.protocolVersion !== PROTOCOL_VERSION) {
      return next(handshakeError('PROTOCOL_MISMATCH', `protocol ${hs.data.protocolVersion} is not ${PROTOCOL_VERSION}`));
    }
    const check = verifyToken(deps.tokenSecret, hs.data.token, 'feeds', deps.now());
    if (!check.ok) return next(handshakeError('UNAUTHENTICATED', `feeds token ${check.reason}`));
    socket.data.claims = check.claims;
    next();
  });

  nsp.on('connection', (socket: FeedsSocket) => {
    socket.on('subscribe', (payload, cb) => {
      const p = feedRequests.subscribe.payload.safeParse(payload);
      if (!p.success) return reply(cb, fail(new AppError('VALIDATION_FAILED', describeIssues(p.error.issues, 'subscribe'))));
      const claims = socket.data.claims;
      if (claims.exp * 1000 <= deps.now()) {
        reply(cb, fail(new AppError('UNAUTHENTICATED', 'feeds token expired')));
        socket.disconnect(true);
        return;
      }
      const ids = [...new Set(p.data.feedIds)];
      const denied = ids.filter((id) => !tokenAllows(claims, id));
      if (denied.length > 0) return reply(cb, fail(new AppError('FORBIDDEN', 'token does not open these feeds', { feedIds: denied })));
      const unknown = ids.filter((id) => deps.envelope(id) === undefined);
      if (unknown.length > 0) return reply(cb, fail(new AppError('FEED_NOT_FOUND', 'no such feeds', { feedIds: unknown })));
      void socket.join(ids.map(feedRoom));
      const envelopes = ids.map((id) => deps.envelope(id)).filter((e): e is FeedEnvelope => !!e);
      reply(cb, { ok: true, data: { envelopes } });
    });

    socket.on('unsubscribe', (payload, cb) => {
      const p = feedRequests.unsubscribe.payload.safeParse(payload);
      if (!p.success) return reply(cb, fail(new AppError('VALIDATION_FAILED', describeIssues(p.error.issues, 'unsubscribe'))));
      for (const id of p.data.feedIds) void socket.leave(feedRoom(id));
      reply(cb, { ok: true, data: { feedIds: p.data.feedIds } });
    });
  });
  return nsp;
}
