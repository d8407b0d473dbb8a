import { DemoCameraCatalog } from './demo-catalog';
import { loadGatewayConfig } from './config';
import { createGateway } from './gateway';

/**
 * Test fixture (run by lifecycle.test.ts with tsx): starts a gateway with two live streams,
 * prints their ffmpeg PIDs, then exits the process WITHOUT calling close(), so the test can
 * check that the exit hook still kills every ffmpeg group. With `hang` it waits instead, to be
 * SIGKILLed, leaving orphans for the next gateway's start-up to reap.
 */
const dir = process.argv[2];
if (!dir) throw new Error('usage: exit-fixture.ts <hls dir>');
const config = loadGatewayConfig({ http: { host: '127.0.0.1', port: 0 }, media: { secret: 'fixture-secret-0123456789-0123456789' }, hls: { dir } }, {});
const gateway = createGateway({ config, cameras: new DemoCameraCatalog(), log: { debug() {}, info() {}, warn() {}, error() {} } });
await gateway.start();
const tiny = { kind: 'lavfi', pattern: 'testsrc2', width: 160, height: 90, fps: 10, label: 'x' } as const;
const streams = await Promise.all(['a', 'b'].map((id) => gateway.supervisor.acquire(`fixture-${id}`, 'main', tiny)));
await Promise.all(streams.map((s) => s.waitLive(10_000)));
console.log(`PIDS ${gateway.supervisor.pids().join(',')}`);
// 'hang' waits to be SIGKILLed, which no exit hook survives: the next start must reap.
if (process.argv[3] !== 'hang') process.exit(0);
