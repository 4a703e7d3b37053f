import { z } from "zod";
import { ZRole } from "../auth/roles";
import { PASSWORD_MAX_LENGTH, PASSWORD_MIN_LENGTH } from "../auth/password-policy";

export const ZEmail = z.string().trim().toLowerCase().pipe(z.email("must be a valid email address")).pipe(z.string().max(254));
export const ZPassword = z
  .string()
  .min(PASSWORD_MIN_LENGTH, `must be at least ${PASSWORD_MIN_LENGTH} characters`)
  .max(PASSWORD_MAX_LENGTH, `must be at most ${PASSWORD_MAX_LENGTH} characters`);
export const ZDisplayName = z.string().trim().min(1, "is required").max(100);

export const ZUser = z.object({
  id: z.uuid(),
  email: z.string(),
  name: z.string(),
  role: ZRole,
  disabled: z.boolean(),
  /** Signs in through single sign-on only: no password, role set by the IdP's groups at each sign-in. */
  sso: z.boolean(),
  lastLoginAt: z.iso.datetime().nullable(),
  createdAt: z.iso.datetime(),
});
export type TUser = z.infer<typeof ZUser>;

export const ZUserList = z.object({ users: z.array(ZUser) });

export const ZCreateUserRequest = z.strictObject({
  email: ZEmail,
  name: ZDisplayName,
  role: ZRole,
  password: ZPassword,
});
export type TCreateUserRequest = z.infer<typeof ZCreateUserRequest>;

export const ZUpdateUserRequest = z
  .strictObject({
    name: ZDisplayName.optional(),
    role: ZRole.optional(),
    disabled: z.boolean().optional(),
    password: ZPassword.optional(),
  })
  .refine((v) => Object.keys(v).length > 0, { message: "must change at least one field" });
export type TUpdateUserRequest = z.infer<typeof ZUpdateUserRequest>;

export const ZUserIdParams = z.object({ id: z.uuid("must be a user id (UUID)") });

export function toUserDto(u: { id: string; email: string; name: string; role: TUser["role"]; disabledAt: Date | null; oidcSubject: string | null; lastLoginAt: Date | null; createdAt: Date }): TUser {
  return {
    id: u.id,
    email: u.email,
    name: u.name,
    role: u.role,
    disabled: u.disabledAt !== null,
    sso: u.oidcSubject !== null,
    lastLoginAt: u.lastLoginAt?.toISOString() ?? null,
    createdAt: u.createdAt.toISOString(),
  };
}
