// A restore's plan, from the group as it stands: provision a replacement on the
// provision hook's server, register it, wait for its agent and the health gate,
// run the join hook on it, add it to the group, and verify the group is OK.
// Placed where the group lost its member (else beside the primary). Registering
// is undone (the server disabled) when a later step fails before it joins.
import type { Db } from "../db/client";
import { AppError } from "../errors/app-error";
import { getGroup } from "../groups/get-group";
import type { LiveStates } from "../groups/group-dto";
import type { TGroup, TGroupMember, TGroupRestore } from "../groups/groups.types";
import type { TPlan, TPlanStep } from "../operations/operation.types";
import type { TRestoreMeta } from "./restore.types";

export const RESTORE_STEP_TIMEOUT = { register: 30_000, healthy: 300_000, member: 10_000, verify: 120_000 } as const;

export type RestoreContext = {
  group: TGroup;
  /** The provision hook's server. */
  provisionServer: { id: string; name: string } | null;
  /** The primary (or, in a pool, the first serving member): the new server logs in with its credential. */
  reference: { serverId: string; name: string; address: string; credentialId: string | null };
  /** Server names already taken that a name hint could clash with (lower case). */
  takenNames: ReadonlySet<string>;
};

export type PlannedRestore = { plan: TPlan; descriptions: string[]; meta: TRestoreMeta };

const sanitize = (name: string) =>
  name
    .toLowerCase()
    .replace(/[^a-z0-9._-]+/g, "-")
    .replace(/^[^a-z0-9]+/, "")
    .slice(0, 56) || "restored";

/** `<group>-r<N>`, the first N free: a name the provision hook may use for the new server. */
export function nameHintBase(groupName: string): string {
  return `${sanitize(groupName)}-r`;
}

function nameHint(groupName: string, taken: ReadonlySet<string>): string {
  const base = nameHintBase(groupName);
  for (let n = 1; ; n++) if (!taken.has(`${base}${n}`)) return `${base}${n}`;
}

/** The member the group lost: one that does not count now, a standby before the primary. */
export function lostMember(group: TGroup): TGroupMember | null {
  const out = new Set(group.redundancy.unavailable.map((u) => u.name));
  const lost = group.members.filter((m) => out.has(m.name));
  return lost.find((m) => m.role !== "PRIMARY") ?? lost[0] ?? null;
}

/** The role a new member gets, and its priority: below every standby, so it is the last promoted. */
function newMemberRole(group: TGroup): { role: "STANDBY" | "ACTIVE"; priority: number } {
  if (group.mode === "ACTIVE_ACTIVE") return { role: "ACTIVE", priority: 100 };
  const standbys = group.members.filter((m) => m.role === "STANDBY").map((m) => m.priority);
  return { role: "STANDBY", priority: standbys.length ? Math.max(0, Math.min(...standbys) - 10) : 100 };
}

export function planRestore(ctx: RestoreContext, opts: { force?: boolean } = {}): PlannedRestore {
  const { group } = ctx;
  const { provision, join }: TGroupRestore = group.restore;
  if (!provision || !ctx.provisionServer) {
    throw new AppError("CONFLICT", `${group.name} has no provision hook: an admin sets one in the group's settings (Restore redundancy) before Tandem can create a replacement`);
  }
  const r = group.redundancy;
  if (r.state === "OK" && !opts.force) {
    throw new AppError("CONFLICT", `${group.name} is OK (${r.inService} in service, ${r.minHealthy} needed): nothing to restore; ask with force to add a member anyway`);
  }
  if (!ctx.reference.credentialId) {
    throw new AppError("CONFLICT", `${ctx.reference.name} has no credential: the new server would log in with it, so an admin gives it one first`);
  }
  const lost = lostMember(group);
  const reference = group.members.find((m) => m.serverId === ctx.reference.serverId);
  const site = lost?.site?.name ?? reference?.site?.name ?? null;
  const hint = nameHint(group.name, ctx.takenNames);
  const { role, priority } = newMemberRole(group);
  const hv = ctx.provisionServer;

  const steps: TPlanStep[] = [];
  const descriptions: string[] = [];
  const add = (description: string, step: TPlanStep) => {
    steps.push(step);
    descriptions.push(description);
  };
  add(`provision hook on ${hv.name}: a new server for ${group.name}${site ? ` in ${site}` : ""}${lost ? ` (replacing ${lost.name})` : ""}`, {
    action: "restore-provision",
    serverId: hv.id,
    params: { groupId: group.id, command: provision.command, env: { TANDEM_GROUP: group.name, ...(site ? { TANDEM_SITE: site } : {}), TANDEM_NAME_HINT: hint } },
    timeoutMs: provision.timeoutSeconds * 1000,
  });
  add(`register the new server in the inventory, with ${ctx.reference.name}'s credential`, {
    action: "restore-register",
    params: {
      groupId: group.id,
      groupName: group.name,
      provisionServerId: hv.id,
      credentialId: ctx.reference.credentialId,
      templateServerId: lost?.serverId ?? ctx.reference.serverId,
      siteId: lost?.site?.id ?? reference?.site?.id ?? null,
    },
    timeoutMs: RESTORE_STEP_TIMEOUT.register,
    rollback: { action: "restore-unregister", params: { groupId: group.id } },
  });
  add("wait until the new server's agent answers and it is UP", {
    action: "restore-await-healthy",
    params: { groupId: group.id, criticalServices: group.criticalServices.map((c) => c.name) },
    timeoutMs: RESTORE_STEP_TIMEOUT.healthy,
  });
  if (join) {
    add("join hook on the new server", {
      action: "restore-join",
      params: { groupId: group.id, command: join.command, env: { TANDEM_GROUP: group.name, TANDEM_PRIMARY: ctx.reference.name, TANDEM_PRIMARY_ADDRESS: ctx.reference.address } },
      timeoutMs: join.timeoutSeconds * 1000,
    });
  }
  add(`add the new server to ${group.name} as an in-service ${role}${role === "STANDBY" ? ` (priority ${priority})` : ""}`, {
    action: "restore-add-member",
    params: { groupId: group.id, role, priority, lbBackend: role === "ACTIVE" && group.loadBalancer !== null },
    timeoutMs: RESTORE_STEP_TIMEOUT.member,
    rollback: { action: "restore-remove-member", params: { groupId: group.id } },
  });
  // A group still short after the new member joined keeps it: a healthy standby is not undone.
  add(`verify ${group.name} is OK`, { action: "restore-verify", params: { groupId: group.id }, timeoutMs: RESTORE_STEP_TIMEOUT.verify, onFailure: "stop" });
  return {
    plan: { steps },
    descriptions,
    meta: { lost: lost ? { serverId: lost.serverId, name: lost.name } : null, site, nameHint: hint, provisionOn: hv.name },
  };
}

/** The group with live states, its provision server, and what a plan needs from the database. */
export async function loadRestoreContext(db: Db, groupId: string, live: LiveStates | undefined): Promise<RestoreContext> {
  const group = await getGroup(db, groupId, live);
  const serving = new Set(group.members.map((m) => m.name).filter((n) => !group.redundancy.unavailable.some((u) => u.name === n)));
  const ref = group.members.find((m) => m.role === "PRIMARY") ?? group.members.find((m) => serving.has(m.name)) ?? group.members[0];
  if (!ref) throw new AppError("CONFLICT", `${group.name} has no members to model a replacement on`);
  const [refServer, hv, taken] = await Promise.all([
    db.server.findUniqueOrThrow({ where: { id: ref.serverId }, select: { address: true, credentialId: true } }),
    group.restore.provision ? db.server.findUnique({ where: { id: group.restore.provision.serverId }, select: { id: true, name: true } }) : null,
    db.server.findMany({ where: { name: { startsWith: nameHintBase(group.name), mode: "insensitive" } }, select: { name: true } }),
  ]);
  if (group.restore.provision && !hv) throw new AppError("CONFLICT", `${group.name}'s provision server no longer exists: an admin picks another in the group's settings`);
  return {
    group,
    provisionServer: hv,
    reference: { serverId: ref.serverId, name: ref.name, address: refServer.address, credentialId: refServer.credentialId },
    takenNames: new Set(taken.map((s) => s.name.toLowerCase())),
  };
}
