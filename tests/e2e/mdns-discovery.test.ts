import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createController, memoryLogger, withOverrides, type Controller } from '@ioc/controller';
import { createControllerDiscovery } from '../../wall-client/electron/discovery';

/**
 * A kiosk with no controller URL finds the controller by mDNS. Real packets, kept on this
 * machine: both ends send and join through the loopback interface, on a port of their own.
 */
const dir = mkdtempSync(join(tmpdir(), 'ioc-mdns-'));
const mdnsPort = 46_000 + (process.pid % 1000);
let ctrl: Controller | null = null;

afterAll(async () => {
  await ctrl?.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('controller discovery over mDNS', () => {
  it('the kiosk discovery finds the URL the controller advertises', async () => {
    ctrl = createController({
      log: memoryLogger(),
      config: withOverrides({
        http: { host: '127.0.0.1', port: 0 },
        db: { path: join(dir, 'ioc.sqlite') },
        admin: { username: 'admin', password: 'mdns-admin-password' },
        discovery: { advertise: true, interface: '127.0.0.1', port: mdnsPort },
      }),
    });
    const { port } = await ctrl.start();
    const discovery = createControllerDiscovery(undefined, { interface: '127.0.0.1', bind: '0.0.0.0', port: mdnsPort, ttl: 1 });
    try {
      const url = await discovery.find(8000);
      expect(url).toMatch(new RegExp(`^http://[^/]+:${port}$`));
    } finally {
      discovery.close();
    }
  }, 20_000);
});
