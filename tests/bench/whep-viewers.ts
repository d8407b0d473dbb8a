/**
 * `node --import tsx tests/bench/whep-viewers.ts <whep-url> <n>`: n WebRTC viewers (werift, as
 * in the gateway's tests) in a process of their own, so that the media bench can charge the
 * gateway's process alone for serving them. Prints READY once every viewer receives video, and
 * ends its sessions (DELETE) on SIGTERM.
 */
import { WhepTestClient } from '../../media-gateway/src/webrtc/whep-test-client';

const [url, count] = process.argv.slice(2);
if (!url || !count) throw new Error('usage: whep-viewers.ts <whep-url> <n>');
const base = new URL(url).origin;
const clients: WhepTestClient[] = [];
for (let i = 0; i < Number(count); i++) {
  const { client, status, body } = await WhepTestClient.offer(base, url, { keep: false });
  if (status !== 201) throw new Error(`viewer ${i}: ${status} ${body}`);
  clients.push(client);
}
await Promise.all(clients.map((c) => c.connected(10_000)));
await Promise.all(clients.map((c) => c.received(50, 15_000)));
console.log('READY');
process.on('SIGTERM', () => {
  void Promise.all(clients.map(async (c) => {
    await c.delete();
    await c.close();
  })).finally(() => {
    console.log(`PACKETS ${clients.map((c) => c.count).join(',')}`);
    process.exit(0);
  });
});
