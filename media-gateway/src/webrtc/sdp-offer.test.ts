import { describe, expect, it } from 'vitest';
import { announceHost, prepareOffer } from './sdp-offer';

/** Trimmed from a Chromium recvonly video offer (several H.264 variants, rtx, an mDNS candidate). */
const CHROMIUM_OFFER = [
  'v=0',
  'o=- 4611731400430051336 2 IN IP4 127.0.0.1',
  's=-',
  't=0 0',
  'a=group:BUNDLE 0',
  'm=video 9 UDP/TLS/RTP/SAVPF 102 103 106 107 127',
  'c=IN IP4 0.0.0.0',
  'a=candidate:1 1 udp 2122260223 5d3c0d0e-7b1a-4d0e-9a53-3f0c2f7e8b11.local 51234 typ host generation 0',
  'a=candidate:2 1 udp 2122260223 192.0.2.10 51235 typ host generation 0',
  'a=ice-ufrag:abcd',
  'a=ice-pwd:0123456789012345678901',
  'a=fingerprint:sha-256 00:11:22:33:44:55:66:77:88:99:AA:BB:CC:DD:EE:FF:00:11:22:33:44:55:66:77:88:99:AA:BB:CC:DD:EE:FF',
  'a=setup:actpass',
  'a=mid:0',
  'a=recvonly',
  'a=rtcp-mux',
  'a=rtpmap:102 H264/90000',
  'a=rtcp-fb:102 nack',
  'a=rtcp-fb:102 nack pli',
  'a=fmtp:102 level-asymmetry-allowed=1;packetization-mode=0;profile-level-id=42001f',
  'a=rtpmap:103 rtx/90000',
  'a=fmtp:103 apt=102',
  'a=rtpmap:106 H264/90000',
  'a=rtcp-fb:106 nack',
  'a=fmtp:106 level-asymmetry-allowed=1;packetization-mode=1;profile-level-id=42e01f',
  'a=rtpmap:107 rtx/90000',
  'a=fmtp:107 apt=106',
  'a=rtpmap:127 H264/90000',
  'a=fmtp:127 level-asymmetry-allowed=1;packetization-mode=1;profile-level-id=640c1f',
  '',
].join('\r\n');

describe('prepareOffer', () => {
  it('keeps the first H.264 format with packetization-mode=1 and drops mDNS candidates', () => {
    const { sdp, payloadType } = prepareOffer(CHROMIUM_OFFER);
    expect(payloadType).toBe(106);
    expect(sdp).toContain('m=video 9 UDP/TLS/RTP/SAVPF 106\r\n');
    expect(sdp).toContain('a=fmtp:106 level-asymmetry-allowed=1;packetization-mode=1;profile-level-id=42e01f');
    expect(sdp).toContain('a=rtcp-fb:106 nack');
    expect(sdp).not.toMatch(/a=(rtpmap|fmtp|rtcp-fb):(102|103|107|127) /);
    expect(sdp).not.toContain('.local');
    expect(sdp).toContain('192.0.2.10 51235 typ host');
    expect(sdp).toContain('a=ice-ufrag:abcd');
  });

  it('refuses what the gateway cannot serve, saying why', () => {
    expect(() => prepareOffer('')).toThrow(/must start with v=0/);
    expect(() => prepareOffer('v=0\r\nnonsense\r\n')).toThrow(/<letter>=<value>/);
    expect(() => prepareOffer('v=0\r\ns=-\r\n')).toThrow(/no media section/);
    expect(() => prepareOffer(CHROMIUM_OFFER.replace('m=video', 'm=audio'))).toThrow(/exactly one video m-line, found 0/);
    expect(() => prepareOffer(CHROMIUM_OFFER.replace(/H264/g, 'VP8'))).toThrow(/no H\.264 video format offered/);
    expect(() => prepareOffer(CHROMIUM_OFFER.replace(/packetization-mode=1/g, 'packetization-mode=0'))).toThrow(/packetization-mode=1/);
    expect(() => prepareOffer(CHROMIUM_OFFER.replace('a=recvonly', 'a=sendonly'))).toThrow(/recvonly or sendrecv/);
    expect(() => prepareOffer(CHROMIUM_OFFER.replace('m=video 9', 'm=video 0'))).toThrow(/rejected/);
    expect(() => prepareOffer(`${CHROMIUM_OFFER}${'a=x:y\r\n'.repeat(6000)}`)).toThrow(/too large/);
    try {
      prepareOffer('nope');
    } catch (err) {
      expect(err).toMatchObject({ code: 'VALIDATION_FAILED', status: 400 });
    }
  });
});

describe('announceHost', () => {
  it('puts the NAT address into host candidates only', () => {
    const answer = 'a=candidate:abc 1 udp 2116026367 127.0.0.1 42000 typ host generation 0\r\na=ice-ufrag:x\r\n';
    expect(announceHost(answer, '203.0.113.7')).toBe('a=candidate:abc 1 udp 2116026367 203.0.113.7 42000 typ host generation 0\r\na=ice-ufrag:x\r\n');
    expect(announceHost(answer, null)).toBe(answer);
  });
});
