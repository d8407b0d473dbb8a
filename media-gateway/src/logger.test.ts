import { describe, expect, it } from 'vitest';
import { createLogger, type LogLevel } from './logger';
import { Redactor } from './redact';

describe('gateway logger', () => {
  it('writes JSON lines in which no registered camera password survives, raw, %-encoded or JSON-escaped', () => {
    const redactor = new Redactor();
    const password = 'Qu0te"and\\slash';
    redactor.addUrl(`rtsp://cam:${encodeURIComponent(password)}@10.0.0.7/ch1`);
    const got: { line: string; level: LogLevel }[] = [];
    const log = createLogger({ redactor, level: 'debug', sink: (line, level) => void got.push({ line, level }) });
    log.warn('ffmpeg ended', {
      stderr: [`auth failed for ${password}`, `Impossible to open 'rtsp://cam:${encodeURIComponent(password)}@10.0.0.7/ch1'`],
      input: { password, url: `rtsp://cam:${password}@10.0.0.7/ch1` },
      error: new Error(`could not log in with ${password}`),
    });
    log.debug('quiet detail');
    expect(got.map((g) => g.level)).toEqual(['warn', 'debug']);
    const text = got.map((g) => g.line).join('\n');
    for (const form of [password, encodeURIComponent(password), JSON.stringify(password).slice(1, -1)]) expect(text).not.toContain(form);
    const parsed = JSON.parse(got[0]!.line) as Record<string, unknown>;
    expect(Object.keys(parsed).slice(0, 5)).toEqual(['level', 'time', 'pid', 'hostname', 'name']);
    expect(parsed).toMatchObject({ level: 40, name: 'gateway', msg: 'ffmpeg ended', input: { password: '***' }, error: { name: 'Error' } });
    expect((parsed.stderr as string[])[1]).toBe("Impossible to open 'rtsp://***@10.0.0.7/ch1'");
  });

  it('leaves out lines below its level', () => {
    const lines: string[] = [];
    const log = createLogger({ redactor: new Redactor(), level: 'warn', sink: (l) => void lines.push(l) });
    log.info('not shown');
    log.error('shown');
    expect(lines.map((l) => (JSON.parse(l) as { msg: string }).msg)).toEqual(['shown']);
  });
});
