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

/** The console's language, per user; Vietnamese unless the user chose English. */
export const LanguageSchema = z.enum(['vi', 'en']);
export type Language = z.infer<typeof LanguageSchema>;

export const UserSchema = z.object({
  username: z.string(),
  roles: z.array(RoleSchema),
  /** A disabled user cannot log in, and their sessions were ended when they were disabled. */
  disabled: z.boolean(),
  language: LanguageSchema,
  createdAt: z.number(),
});
export type User = z.infer<typeof UserSchema>;

/** `PATCH /api/users/:username`: any of roles, password, disabled. Changing the password or disabling ends the user's sessions. */
export const UpdateUserSchema = z
  .object({
    roles: z.array(RoleSchema).min(1).optional(),
    password: z.string().min(10, 'must be at least 10 characters').max(256).optional(),
    disabled: z.boolean().optional(),
  })
  .strict()
  .refine((u) => u.roles !== undefined || u.password !== undefined || u.disabled !== undefined, {
    message: 'give at least one of roles, password or disabled',
    path: ['roles'],
  });
export type UpdateUser = z.infer<typeof UpdateUserSchema>;

/** `GET /api/me`: who this session is, their language, and when the session ends. */
export const MeSchema = z.object({
  username: z.string(),
  roles: z.array(RoleSchema),
  language: LanguageSchema,
  expiresAt: z.number(),
});
export type Me = z.infer<typeof MeSchema>;

/** `PUT /api/me/preferences`: the signed-in user's own settings. */
export const PreferencesSchema = z.object({ language: LanguageSchema }).strict();
export type Preferences = z.infer<typeof PreferencesSchema>;

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

/** `GET /api/audit`: one page, newest first; pass `nextBefore` as `before` for the next (null: no more). */
export const AuditPageSchema = z.object({
  entries: z.array(AuditEntrySchema),
  nextBefore: z.number().int().nullable(),
});
export type AuditPage = z.infer<typeof AuditPageSchema>;
