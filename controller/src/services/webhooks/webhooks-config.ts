import { z } from 'zod';
import { IdSchema, WEBHOOK_EVENTS, WebhookEventSchema } from '@ioc/protocol';

const int = (min: number, max: number) =>
  z.number().int('must be an integer').min(min, `must be >= ${min}`).max(max, `must be <= ${max}`);

const isHttpUrl = (s: string): boolean => {
  try {
    const u = new URL(s);
    return u.protocol === 'http:' || u.protocol === 'https:';
  } catch {
    return false;
  }
};

/** A receiver. Config file only: a secret in an env var or argv would show in process lists. */
export const WebhookTargetSchema = z
  .object({
    id: IdSchema,
    // Messages never echo the value: a URL may carry a token in its query or userinfo.
    url: z.string().refine(isHttpUrl, 'must be an http(s) URL'),
    secret: z.string().min(16, 'must be at least 16 characters'),
    events: z.array(WebhookEventSchema).min(1, 'must not be empty (leave it out for every event)').default([...WEBHOOK_EVENTS]),
  })
  .strict();
export type WebhookTarget = z.infer<typeof WebhookTargetSchema>;

export const WebhooksConfigSchema = z
  .object({
    targets: z.array(WebhookTargetSchema).superRefine((targets, ctx) => {
      const seen = new Set<string>();
      targets.forEach((t, i) => {
        if (seen.has(t.id)) ctx.addIssue({ code: 'custom', path: [i, 'id'], message: `duplicate target id "${t.id}"` });
        seen.add(t.id);
      });
    }),
    timeoutMs: int(100, 120_000),
    backoffMs: z
      .object({ initial: int(1, 3_600_000), max: int(1, 86_400_000) })
      .strict()
      .refine((b) => b.max >= b.initial, { message: 'must be >= backoffMs.initial', path: ['max'] }),
    maxAttempts: int(1, 10_000),
  })
  .strict();
export type WebhooksConfig = z.infer<typeof WebhooksConfigSchema>;

export function defaultWebhooksConfig(): WebhooksConfig {
  // About 2-3.5 hours of retries before a row is given up: a receiver's outage of an evening
  // shift's length loses nothing.
  return { targets: [], timeoutMs: 5000, backoffMs: { initial: 1000, max: 300_000 }, maxAttempts: 50 };
}
