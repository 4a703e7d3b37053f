import { z } from "zod";

export const ROLES = ["VIEWER", "OPERATOR", "ADMIN"] as const;
export const ZRole = z.enum(ROLES);
export type TRole = z.infer<typeof ZRole>;

const rank: Record<TRole, number> = { VIEWER: 0, OPERATOR: 1, ADMIN: 2 };

/** Viewers read, operators act, admins manage users, credentials and hooks. */
export function hasRole(role: TRole, required: TRole): boolean {
  return rank[role] >= rank[required];
}

export function lowerRole(a: TRole, b: TRole): TRole {
  return rank[a] <= rank[b] ? a : b;
}
