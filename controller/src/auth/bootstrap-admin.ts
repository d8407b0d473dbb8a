import type { Store } from '../db/store';
import { generatePassword, hashPassword } from './passwords';

/**
 * First start: with no users at all, create the admin. The password comes from config/env, or
 * is generated and printed once to stdout (never to the logger, which may be shipped elsewhere).
 */
export async function bootstrapAdmin(
  store: Store,
  admin: { username: string; password?: string | undefined },
  print: (line: string) => void = (l) => process.stdout.write(`${l}\n`),
): Promise<'created' | 'generated' | 'exists'> {
  if (store.users.count() > 0) return 'exists';
  const password = admin.password ?? generatePassword();
  const hash = await hashPassword(password);
  const created = store.tx(() => {
    if (store.users.count() > 0) return false;
    store.users.insert(admin.username, hash, ['admin']);
    store.audit.write({ actor: 'system', action: 'user.create', target: admin.username, details: { roles: ['admin'], firstStart: true } });
    return true;
  });
  if (!created) return 'exists';
  if (admin.password) return 'created';
  print(`[controller] first start: created admin "${admin.username}" with one-time password: ${password}`);
  return 'generated';
}
