import { describe, expect, it } from 'vitest';
import { Redactor, stripCredentials } from './redact';

describe('Redactor', () => {
  it('strips userinfo from any URL, even with @ in the password', () => {
    const r = new Redactor();
    expect(r.redact("Impossible to open 'rtsp://admin:p@ss@10.0.0.5:554/ch1'")).toBe("Impossible to open 'rtsp://***@10.0.0.5:554/ch1'");
    expect(r.redact('rtsps://u:x%40y@cam/a and http://a:b@c/')).toBe('rtsps://***@cam/a and http://***@c/');
  });

  it('removes registered passwords, raw and %-encoded, anywhere in the text', () => {
    const r = new Redactor();
    r.addUrl('rtsp://admin:S3cr%3At%40x%20y@cam/ch1');
    const text = 'auth S3cr:t@x y failed; encoded S3cr%3At%40x%20y; half S3cr';
    const out = r.redact(text);
    expect(out).not.toContain('S3cr:t@x y');
    expect(out).not.toContain('S3cr%3At%40x%20y');
    expect(out).toContain('half S3cr');
  });

  it('stripCredentials keeps the rest of the URL', () => {
    expect(stripCredentials('rtsp://a:b@cam:554/x?y=1')).toBe('rtsp://cam:554/x?y=1');
  });
});
