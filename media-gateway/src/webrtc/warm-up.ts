import { MediaStreamTrack, RTCPeerConnection, useH264, type RTCPeerConnectionConfig } from 'werift';

let warmed: Promise<number | null> | null = null;

/**
 * One loopback handshake between two werift peers, once per process. werift's first DTLS
 * handshake pays its one-time crypto set-up (certificate, curve tables in pure JS): a few
 * hundred ms of blocked event loop on a busy machine. Left to the first viewer, that delay can
 * reach werift's 500 ms DTLS retransmit, and a retransmitted ClientHello answered twice with a
 * HelloVerifyRequest makes werift's DTLS client throw (werift 0.24), failing the connection.
 * Resolves with the time taken, or null when the handshake did not complete (viewers will
 * still connect, only the first one slower).
 */
export function warmUpWerift(): Promise<number | null> {
  warmed ??= (async () => {
    const cfg: RTCPeerConnectionConfig = {
      iceServers: [],
      iceUseIpv4: false,
      iceUseIpv6: false,
      iceAdditionalHostAddresses: ['127.0.0.1'],
      iceInterfaceAddresses: { udp4: '127.0.0.1' },
      codecs: { video: [useH264()], audio: [] },
    };
    const t0 = performance.now();
    const a = new RTCPeerConnection(cfg);
    const b = new RTCPeerConnection(cfg);
    try {
      a.addTransceiver('video', { direction: 'recvonly' });
      await a.setLocalDescription(await a.createOffer());
      await b.setRemoteDescription(a.localDescription!);
      const tr = b.getTransceivers()[0]!;
      tr.setDirection('sendonly');
      await tr.sender.replaceTrack(new MediaStreamTrack({ kind: 'video' }));
      await b.setLocalDescription(await b.createAnswer());
      await a.setRemoteDescription(b.localDescription!);
      await b.connectionStateChange.watch((s) => s === 'connected', 10_000);
      return Math.round(performance.now() - t0);
    } catch {
      return null;
    } finally {
      await Promise.all([a.close(), b.close()]).catch(() => undefined);
    }
  })();
  return warmed;
}
