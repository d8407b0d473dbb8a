import { z } from 'zod';

/** Ids are URL- and file-safe: they appear in routes, socket rooms and HLS paths. */
export const IdSchema = z
  .string()
  .min(1)
  .max(64)
  .regex(/^[a-zA-Z0-9][a-zA-Z0-9_-]*$/, 'must be letters, digits, "-" or "_"');
export type Id = z.infer<typeof IdSchema>;

/** Milliseconds since the epoch, on the controller's clock unless said otherwise. */
export const EpochMsSchema = z.number().finite().nonnegative();

export const RoleSchema = z.enum(['admin', 'operator', 'duty-officer', 'technician', 'viewer']);
export type Role = z.infer<typeof RoleSchema>;
