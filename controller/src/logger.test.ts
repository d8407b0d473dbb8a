import { describe, expect, it } from 'vitest';
import { createLogger, memoryLogger } from './logger';
import { withRequestId } from './request-context';

describe('controller logger', () => {
  it('writes JSON lines with the message first, censoring credential fields by name at any depth and URL userinfo anywhere', () => {
    const log = memoryLogger();
    log.warn('login to rtsp://admin:Hunter22@10.0.0.5/ch1 failed', {
      password: 'Hunter22',
      target: { url: 'https://user:Tok3nValue@hooks.example/x', headers: { authorization: 'Bearer abcdefgh', cookie: 'ioc_session=zzz' } },
      secret: 'media-secret',
      webhook: { secret: 'hmac-secret-1' },
    });
    expect(log.lines).toHaveLength(1);
    const line = log.lines[0]!;
    for (const leak of ['Hunter22', 'Tok3nValue', 'abcdefgh', 'ioc_session=zzz', 'media-secret', 'hmac-secret-1']) expect(line).not.toContain(leak);
    const parsed = JSON.parse(line) as Record<string, unknown>;
    expect(Object.keys(parsed).indexOf('msg')).toBeLessThan(Object.keys(parsed).indexOf('password'));
    expect(parsed).toMatchObject({ level: 40, name: 'controller', msg: 'login to rtsp://***@10.0.0.5/ch1 failed', password: '***', secret: '***' });
    expect(parsed.target).toEqual({ url: 'https://***@hooks.example/x', headers: { authorization: '***', cookie: '***' } });
  });

  it('names the request a line belongs to, and only inside it', () => {
    const log = memoryLogger();
    withRequestId('req-0123456789', () => log.info('inside'));
    log.info('outside');
    expect(log.lines.map((l) => (JSON.parse(l) as { requestId?: string }).requestId)).toEqual(['req-0123456789', undefined]);
  });

  it('leaves out lines below its level', () => {
    const lines: string[] = [];
    const log = createLogger({ level: 'warn', write: (l) => void lines.push(l) });
    log.info('quiet');
    log.error('loud');
    expect(lines.map((l) => (JSON.parse(l) as { msg: string }).msg)).toEqual(['loud']);
  });
});
