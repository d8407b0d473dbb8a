import { z } from 'zod';
import { FeedKindSchema, IdSchema, describeIssues } from '@ioc/protocol';
import type { FeedKind } from '@ioc/protocol';

/**
 * A declared mapping from an upstream JSON document to our feed value: each key is a target
 * dot-path in our schema, each value a source path (dot-path `data.items.0.name`, or a JSON
 * pointer `/data/items/0/name`; `$` is the whole document; a `$` target spreads an object into
 * the value's root). `{ from, each }` maps every element
 * of an upstream array.
 */
export type Mapping = { [target: string]: string | { from: string; each: Mapping } };
export const MappingSchema: z.ZodType<Mapping> = z.lazy(() =>
  z.record(
    z.string().min(1).max(200),
    z.union([z.string().min(1).max(300), z.object({ from: z.string().min(1).max(300), each: MappingSchema }).strict()]),
  ),
);

const httpUrl = z
  .string()
  .max(2048)
  .refine((u) => /^https?:\/\/[^\s]+$/i.test(u), 'must be an http(s) URL');

export const HttpAdapterSchema = z
  .object({
    type: z.literal('http'),
    /** May carry credentials in its query: never logged, never sent to screens. */
    url: httpUrl,
    intervalMs: z.number().int().min(50).max(3_600_000).default(30_000),
    timeoutMs: z.number().int().min(50).max(60_000).default(5_000),
    headers: z.record(z.string().max(100), z.string().max(4096)).optional(),
    mapping: MappingSchema.optional(),
    /** Source path of the value's own timestamp (epoch ms or ISO string); else the fetch time. */
    asOfPath: z.string().min(1).max(300).optional(),
    maxBodyBytes: z.number().int().min(1024).max(16 * 1024 * 1024).default(1024 * 1024),
  })
  .strict();

export const WebhookAdapterSchema = z
  .object({
    type: z.literal('webhook'),
    /** The upstream sends `Authorization: Bearer <token>`. */
    token: z.string().min(16, 'must be at least 16 characters').max(512),
    mapping: MappingSchema.optional(),
    asOfPath: z.string().min(1).max(300).optional(),
    /** Marks the feed stale when no good push came for this long (0 = never). */
    staleAfterMs: z.number().int().min(0).default(0),
  })
  .strict();

export const DemoAdapterSchema = z
  .object({
    type: z.literal('demo'),
    seed: z.number().int().default(20210517),
    /** Mean time between simulated updates; each kind has its own default. */
    intervalMs: z.number().int().min(10).max(3_600_000).optional(),
  })
  .strict();

export const AdapterConfigSchema = z.discriminatedUnion('type', [HttpAdapterSchema, WebhookAdapterSchema, DemoAdapterSchema]);
export type AdapterConfig = z.infer<typeof AdapterConfigSchema>;

export const FeedConfigSchema = z.object({ id: IdSchema, kind: FeedKindSchema, adapter: AdapterConfigSchema }).strict();
export type FeedConfig = z.infer<typeof FeedConfigSchema>;

export const DEMO_FEED_IDS = ['field-reports', 'public-services', 'socio-economic', 'soc-alerts'] as const;
export const demoFeeds = (): FeedConfig[] =>
  DEMO_FEED_IDS.map((id) => ({ id, kind: id as FeedKind, adapter: { type: 'demo', seed: 20210517 } }));

export const FeedsConfigSchema = z
  .object({
    /** Demo feeds (one per kind) are used when the list is empty or absent. */
    feeds: z.array(FeedConfigSchema).max(1000).default([]),
    webhookBodyLimitBytes: z.number().int().min(1024).max(16 * 1024 * 1024).default(256 * 1024),
  })
  .strict()
  .superRefine((c, ctx) => {
    const seen = new Set<string>();
    c.feeds.forEach((f, i) => {
      if (seen.has(f.id)) ctx.addIssue({ code: 'custom', path: ['feeds', i, 'id'], message: `duplicate feed id "${f.id}"` });
      seen.add(f.id);
    });
  });
export type FeedsConfig = z.infer<typeof FeedsConfigSchema>;
export type FeedsConfigInput = z.input<typeof FeedsConfigSchema>;

/** Validates once at start; a bad value stops start-up with a message naming the key. */
export function parseFeedsConfig(input: unknown, root = 'feeds'): FeedsConfig {
  const r = FeedsConfigSchema.safeParse(input ?? {});
  if (!r.success) throw new Error(`invalid config: ${describeIssues(r.error.issues, root)}`);
  return r.data.feeds.length === 0 ? { ...r.data, feeds: demoFeeds() } : r.data;
}
