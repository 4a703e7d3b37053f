import { z } from "zod";
import { ZRole } from "../auth/roles";

export const ZApiToken = z.object({
  id: z.uuid(),
  name: z.string(),
  prefix: z.string(),
  role: ZRole,
  owner: z.object({ id: z.uuid(), email: z.string() }),
  createdAt: z.iso.datetime(),
  lastUsedAt: z.iso.datetime().nullable(),
  expiresAt: z.iso.datetime().nullable(),
  revokedAt: z.iso.datetime().nullable(),
});
export type TApiToken = z.infer<typeof ZApiToken>;

export const ZApiTokenList = z.object({ tokens: z.array(ZApiToken) });

export const ZCreateApiTokenRequest = z.strictObject({
  name: z.string().trim().min(1, "is required").max(100),
  /** Defaults to the creator's role; can only be lower or equal. */
  role: ZRole.optional(),
  expiresInDays: z.number().int().min(1).max(3650).nullable().optional(),
});
export type TCreateApiTokenRequest = z.infer<typeof ZCreateApiTokenRequest>;

/** The only response that ever carries the token itself. */
export const ZCreateApiTokenResponse = z.object({ token: z.string(), apiToken: ZApiToken });

export const ZApiTokenIdParams = z.object({ id: z.uuid("must be a token id (UUID)") });

type Row = { id: string; name: string; prefix: string; role: TApiToken["role"]; createdAt: Date; lastUsedAt: Date | null; expiresAt: Date | null; revokedAt: Date | null; user: { id: string; email: string } };
export function toApiTokenDto(t: Row): TApiToken {
  return {
    id: t.id,
    name: t.name,
    prefix: t.prefix,
    role: t.role,
    owner: { id: t.user.id, email: t.user.email },
    createdAt: t.createdAt.toISOString(),
    lastUsedAt: t.lastUsedAt?.toISOString() ?? null,
    expiresAt: t.expiresAt?.toISOString() ?? null,
    revokedAt: t.revokedAt?.toISOString() ?? null,
  };
}
