import { describe, expect, it } from 'vitest';
import { configFiles, KioskConfigError, resolveKioskConfig, type ConfigInputs } from './config';

const USER_FILE = '/home/wall/.config/ioc-wall-kiosk/kiosk.json';
const ETC_FILE = '/etc/ioc-wall/kiosk.json';

function inputs(over: { argv?: string[]; env?: Record<string, string>; files?: Record<string, string> } = {}): ConfigInputs {
  const files = over.files ?? {};
  return {
    argv: ['/opt/kiosk/ioc-wall-kiosk', ...(over.argv ?? [])],
    env: over.env ?? {},
    files: configFiles('/home/wall/.config/ioc-wall-kiosk'),
    readFile: (file) => files[file],
  };
}

describe('kiosk config', () => {
  it('looks in userData first, then /etc', () => {
    expect(configFiles('/u')).toEqual(['/u/kiosk.json', ETC_FILE]);
  });

  it('takes the controller URL from the flag, then the env, then the file', () => {
    const files = { [ETC_FILE]: JSON.stringify({ controllerUrl: 'http://file.lan:8080' }) };
    const env = { IOC_CONTROLLER_URL: 'http://env.lan:8080' };
    const argv = ['--controller=http://flag.lan:8080'];
    expect(resolveKioskConfig(inputs({ argv, env, files }))).toMatchObject({ controllerUrl: 'http://flag.lan:8080', controllerSource: 'flag' });
    expect(resolveKioskConfig(inputs({ argv: ['--controller', 'http://flag2.lan'], env, files }))).toMatchObject({ controllerUrl: 'http://flag2.lan', controllerSource: 'flag' });
    expect(resolveKioskConfig(inputs({ env, files }))).toMatchObject({ controllerUrl: 'http://env.lan:8080', controllerSource: 'env' });
    expect(resolveKioskConfig(inputs({ files }))).toMatchObject({ controllerUrl: 'http://file.lan:8080', controllerSource: 'file', file: ETC_FILE });
    expect(resolveKioskConfig(inputs())).toMatchObject({ controllerUrl: undefined, controllerSource: 'default', discovery: true });
  });

  it('prefers the userData file over /etc and keeps tuning keys from the file whatever sets the URL', () => {
    const files = {
      [USER_FILE]: JSON.stringify({ memoryBudgetMb: 1024, controllerUrl: 'http://user.lan' }),
      [ETC_FILE]: JSON.stringify({ memoryBudgetMb: 4096, controllerUrl: 'http://etc.lan' }),
    };
    expect(resolveKioskConfig(inputs({ files }))).toMatchObject({ controllerUrl: 'http://user.lan', memoryBudgetMb: 1024, file: USER_FILE });
    expect(resolveKioskConfig(inputs({ files, argv: ['--controller=http://flag.lan'] }))).toMatchObject({ memoryBudgetMb: 1024 });
  });

  it('stops with an error naming the source and key for a bad URL', () => {
    expect(() => resolveKioskConfig(inputs({ argv: ['--controller=ftp://x.lan'] }))).toThrow(
      /Invalid kiosk configuration in --controller flag: controller: must use http or https/,
    );
    expect(() => resolveKioskConfig(inputs({ env: { IOC_CONTROLLER_URL: 'controller.lan' } }))).toThrow(
      /in environment: IOC_CONTROLLER_URL: must be an absolute URL \(got "controller.lan"\)/,
    );
    try {
      resolveKioskConfig(inputs({ files: { [ETC_FILE]: JSON.stringify({ controllerUrl: 'nope' }) } }));
      expect.unreachable();
    } catch (err) {
      expect(err).toBeInstanceOf(KioskConfigError);
      expect((err as KioskConfigError).source).toBe(ETC_FILE);
      expect((err as KioskConfigError).key).toBe('controllerUrl');
    }
  });

  it('rejects unknown keys, bad numbers and broken JSON in the file, naming them', () => {
    const bad = (json: string) => () => resolveKioskConfig(inputs({ files: { [USER_FILE]: json } }));
    expect(bad(JSON.stringify({ controlerUrl: 'http://x' }))).toThrow(/kiosk\.json: controlerUrl/);
    expect(bad(JSON.stringify({ memoryBudgetMb: 10 }))).toThrow(/kiosk\.json: memoryBudgetMb/);
    expect(bad('{oops')).toThrow(/kiosk\.json: \(file\): not valid JSON/);
  });
});
