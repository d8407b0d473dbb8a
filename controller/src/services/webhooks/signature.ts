import { createHmac } from 'node:crypto';

/**
 * `X-IOC-Signature` without its `sha256=` prefix. The timestamp is part of what is signed so a
 * receiver that checks it against its clock can refuse a captured request replayed later.
 */
export function signWebhook(secret: string, timestamp: string, body: string): string {
  return createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex');
}
