// Which Tandem role an identity provider's claims grant. Pure, so the mapping
// is tested without an IdP; the callback calls it at every sign-in, so a user
// moved between groups at the IdP gets the new role the next time.
import type { TRole } from "../roles";

export type RoleMapping = {
  /** Claim holding the groups; dots reach into objects (realm_access.roles). */
  roleClaim: string;
  groups: Record<TRole, string[]>;
  /** Role for a user in none of the groups; null refuses them. */
  defaultRole: TRole | null;
};

export type RoleDecision = { role: TRole; groups: string[] } | { role: null; groups: string[]; reason: string };

// Highest first: a user in an admin group and a viewer group is an admin.
const ORDER: TRole[] = ["ADMIN", "OPERATOR", "VIEWER"];

/** The claim's groups as strings: an array, one string, or a space/comma list; anything else is none. */
export function groupsFromClaims(claims: Record<string, unknown>, roleClaim: string): string[] {
  let value: unknown = claims;
  for (const key of roleClaim.split(".")) {
    if (value === null || typeof value !== "object" || Array.isArray(value)) return [];
    value = (value as Record<string, unknown>)[key];
  }
  if (typeof value === "string") return value.split(/[\s,]+/).filter(Boolean);
  if (Array.isArray(value)) return value.filter((g): g is string => typeof g === "string" && g !== "");
  return [];
}

// Keycloak can send group paths ("/ops/tandem-operators"); a configured name
// matches the full path or its last segment.
function matches(group: string, configured: string): boolean {
  if (group === configured) return true;
  return group.startsWith("/") && !configured.startsWith("/") && group.slice(group.lastIndexOf("/") + 1) === configured;
}

export function mapClaimsToRole(claims: Record<string, unknown>, mapping: RoleMapping): RoleDecision {
  const groups = groupsFromClaims(claims, mapping.roleClaim);
  for (const role of ORDER) {
    if (mapping.groups[role].some((c) => groups.some((g) => matches(g, c)))) return { role, groups };
  }
  if (mapping.defaultRole) return { role: mapping.defaultRole, groups };
  return {
    role: null,
    groups,
    reason: groups.length === 0 ? `no groups in the "${mapping.roleClaim}" claim` : "none of the user's groups is mapped to a Tandem role",
  };
}
