import { z } from 'zod';
import { IdSchema, RoleSchema } from './common';

export const LoginSchema = z
  .object({ username: z.string().min(1).max(64), password: z.string().min(1).max(256) })
  .strict();

export const LoginResultSchema = z.object({
  token: z.string(),
  user: z.object({ username: z.string(), roles: z.array(RoleSchema) }),
  expiresAt: z.number(),
});
export type LoginResult = z.infer<typeof LoginResultSchema>;

export const CreateUserSchema = z
  .object({
    username: IdSchema,
    password: z.string().min(10, 'must be at least 10 characters').max(256),
    roles: z.array(RoleSchema).min(1),
  })
  .strict();
export type CreateUser = z.infer<typeof CreateUserSchema>;

export const UserSchema = z.object({ username: z.string(), roles: z.array(RoleSchema), createdAt: z.number() });
export type User = z.infer<typeof UserSchema>;

export const AuditEntrySchema = z.object({
  id: z.number().int(),
  at: z.number(),
  actor: z.string(),
  action: z.string(),
  target: z.string().nullable(),
  details: z.unknown(),
  /** The HTTP request (its X-Request-Id) or socket event that wrote the row; null outside one. */
  requestId: z.string().nullable(),
});
export type AuditEntry = z.infer<typeof AuditEntrySchema>;
