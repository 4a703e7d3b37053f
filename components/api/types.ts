// Request and response types for client components, inferred from the
// server's zod schemas. Type-only imports: nothing from server/ reaches the
// browser bundle (users.types.ts, for one, pulls in the argon2 binding).
import type { z } from "zod";
import type { ZApiTokenList, ZCreateApiTokenRequest, ZCreateApiTokenResponse } from "@/server/api-tokens/api-tokens.types";
import type { ZAuditPage, ZAuditQuery } from "@/server/audit/audit.types";
import type { ZLoginRequest, ZLoginResponse } from "@/server/auth/auth.types";
import type { ZSetupRequest } from "@/server/setup/setup.types";
import type { ZCreateUserRequest, ZUpdateUserRequest, ZUserList } from "@/server/users/users.types";
import type { ZChangePasswordRequest } from "@/server/account/account.types";

export type { TRole } from "@/server/auth/roles";
export type { TApiToken } from "@/server/api-tokens/api-tokens.types";
export type { TAuditEvent } from "@/server/audit/audit.types";
export type { TUser } from "@/server/users/users.types";

export type TApiTokenList = z.output<typeof ZApiTokenList>;
export type TCreateApiTokenRequest = z.input<typeof ZCreateApiTokenRequest>;
export type TCreateApiTokenResponse = z.output<typeof ZCreateApiTokenResponse>;
export type TAuditPage = z.output<typeof ZAuditPage>;
/** Query-string filters (the cursor and limit are added by the hook). */
export type TAuditFilters = Pick<z.input<typeof ZAuditQuery>, "actor" | "action" | "targetType" | "from" | "to">;
export type TLoginRequest = z.input<typeof ZLoginRequest>;
export type TLoginResponse = z.output<typeof ZLoginResponse>;
export type TSetupRequest = z.input<typeof ZSetupRequest>;
export type TUserList = z.output<typeof ZUserList>;
export type TCreateUserRequest = z.input<typeof ZCreateUserRequest>;
export type TUpdateUserRequest = z.input<typeof ZUpdateUserRequest>;
export type TChangePasswordRequest = z.input<typeof ZChangePasswordRequest>;

export { PASSWORD_MIN_LENGTH } from "@/server/auth/password-policy";
