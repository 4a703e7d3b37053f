// Membership rules that zod cannot see field by field: they depend on the mode
// and on the list as a whole. Paths match the request body, so the form can
// point at the offending row.
import type { FieldError } from "../errors/app-error";
import type { TGroupMemberInput } from "./groups.types";

type Mode = "ACTIVE_PASSIVE" | "ACTIVE_ACTIVE";
type Member = Pick<TGroupMemberInput, "serverId" | "role" | "lbBackendServer">;

export function memberRuleErrors(mode: Mode, minHealthy: number, members: Member[]): FieldError[] {
  const errors: FieldError[] = [];
  const seen = new Map<string, number>();
  const backends = new Map<string, number>();
  members.forEach((m, i) => {
    const at = `body.members.${i}`;
    const first = seen.get(m.serverId);
    if (first !== undefined) errors.push({ path: `${at}.serverId`, message: `is already member ${first} of this group` });
    else seen.set(m.serverId, i);
    if (m.lbBackendServer) {
      const b = backends.get(m.lbBackendServer);
      if (b !== undefined) errors.push({ path: `${at}.lbBackendServer`, message: `is already used by member ${b}` });
      else backends.set(m.lbBackendServer, i);
    }
    if (mode === "ACTIVE_PASSIVE" && m.role === "ACTIVE") errors.push({ path: `${at}.role`, message: "must be PRIMARY or STANDBY in an active-passive group" });
    if (mode === "ACTIVE_ACTIVE" && m.role !== "ACTIVE") errors.push({ path: `${at}.role`, message: "must be ACTIVE in an active-active group" });
  });
  if (mode === "ACTIVE_PASSIVE") {
    const primaries = members.map((m, i) => [m, i] as const).filter(([m]) => m.role === "PRIMARY");
    if (primaries.length === 0) errors.push({ path: "body.members", message: "must have exactly one PRIMARY (none given)" });
    for (const [, i] of primaries.slice(1)) errors.push({ path: `body.members.${i}.role`, message: "is a second PRIMARY; an active-passive group has exactly one" });
  }
  // Equal to the member count is allowed (the group is then AT_RISK at best); more could never be met.
  if (minHealthy > members.length) errors.push({ path: "body.minHealthy", message: `must be at most the number of members (${members.length})` });
  return errors;
}
