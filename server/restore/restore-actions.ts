// The engine's actions for a RESTORE (plan-restore.ts). The provision step
// records what the hook created as its last output line; every later step
// reads the new server back from there, so each can run again after a restart
// (`resumable`) except the two hooks, whose effects Tandem cannot know.
import type { Actor } from "../auth/principal";
import { recordAuditEvent } from "../audit/record-audit-event";
import type { SecretBox } from "../crypto/secret-box";
import type { Db } from "../db/client";
import { runHook } from "../failover/run-hook";
import { getGroup } from "../groups/get-group";
import { liveStatesOf, type LiveSource } from "../groups/group-dto";
import { sameNameWhere } from "../inventory/name-conflict";
import { createServer } from "../inventory/servers/create-server";
import { updateServer } from "../inventory/servers/update-server";
import type { THostDetail } from "../fleet/fleet.types";
import { sleep } from "../lib/sleep";
import type { Logger } from "../lib/logger";
import type { ActionContext, ActionHandler } from "../operations/run-step";
import { parseProvisionOutput, provisionedRecord, readProvisionedRecord } from "./provision-output";
import { ZAddMemberParams, ZGroupParams, ZHealthParams, ZJoinParams, ZProvisionParams, ZRegisterParams, type TProvisionOutput } from "./restore.types";

export type RestoreActionDeps = {
  db: Db;
  secretBox: SecretBox;
  log: Logger;
  /** The running monitoring service: live states, and a reload once the new server is in the inventory. */
  monitoring: LiveSource & { hostDetail(id: string): THostDetail | null; reload(): Promise<void> };
};

export const RESTORE_ACTIONS = [
  "restore-provision",
  "restore-register",
  "restore-unregister",
  "restore-await-healthy",
  "restore-join",
  "restore-add-member",
  "restore-remove-member",
  "restore-verify",
] as const;

const restoreActor: Actor = { userId: null, label: "restore" };
const POLL_MS = 500;
const marker = (groupName: string, operationId: string) => `Provisioned by Tandem to restore ${groupName} (operation ${operationId})`;

function resumable(h: ActionHandler): ActionHandler {
  h.resumable = true;
  return h;
}

/** What the provision step of this operation recorded. */
async function provisioned(db: Db, operationId: string): Promise<TProvisionOutput> {
  const step = await db.operationStep.findFirst({ where: { operationId, action: "restore-provision", state: { in: ["SUCCEEDED", "ROLLED_BACK"] } }, select: { output: true } });
  const p = step && readProvisionedRecord(step.output);
  if (!p) throw new Error("the provision step left no record of the server it created");
  return p;
}

/** The server this operation registered, by the name the provision hook gave. */
async function newServer(db: Db, operationId: string) {
  const p = await provisioned(db, operationId);
  const s = await db.server.findFirst({ where: sameNameWhere(p.name), select: { id: true, name: true, address: true, description: true } });
  if (!s) throw new Error(`${p.name} is not in the inventory (removed meanwhile?)`);
  return s;
}

export function restoreActions(deps: RestoreActionDeps): Record<string, ActionHandler> {
  const { db } = deps;
  const reload = () => deps.monitoring.reload().catch((e: unknown) => deps.log.error("monitoring reload after a restore step failed", { err: e as Error }));

  /** Polls `check` (null: not yet, with why) until it passes or the step is aborted or times out. */
  async function until(ctx: ActionContext, check: () => Promise<{ ok: true; output: string } | { ok: false; why: string }>): Promise<{ output: string }> {
    let last = "";
    for (;;) {
      const r = await check();
      if (r.ok) return { output: r.output };
      if (r.why !== last) ctx.log(`not yet: ${r.why}`);
      last = r.why;
      if (ctx.signal.aborted) throw new Error(`gave up: ${r.why}`);
      await sleep(POLL_MS, ctx.signal);
    }
  }

  return {
    // Not resumable: run twice, a provision hook creates two machines.
    "restore-provision": async (ctx) => {
      const p = ZProvisionParams.parse(ctx.params);
      if (!ctx.step.serverId) throw new Error("the provision step names no server");
      ctx.log(`$ provision: ${p.command}`);
      const r = await runHook(deps, { serverId: ctx.step.serverId, hook: p.command, env: p.env, timeoutMs: ctx.step.timeoutMs, signal: ctx.signal, what: "provision hook" });
      if (r.output) ctx.log(r.output);
      const out = parseProvisionOutput(r.stdout);
      return { output: provisionedRecord(out), exitCode: r.exitCode };
    },

    // Like POST /api/v1/servers (createServer: audited, a given host key pinned, else pinned at first sight).
    "restore-register": resumable(async (ctx) => {
      const p = ZRegisterParams.parse(ctx.params);
      const out = await provisioned(db, ctx.operation.id);
      const mark = marker(p.groupName, ctx.operation.id);
      const clash = await db.server.findFirst({ where: sameNameWhere(out.name), select: { id: true, description: true } });
      if (clash && clash.description !== mark) throw new Error(`a server named ${out.name} is already in the inventory: the provision hook must create a new one`);
      if (!clash) {
        const cred = p.credentialId ? await db.credential.findUnique({ where: { id: p.credentialId }, select: { username: true } }) : null;
        if (out.username && cred && out.username !== cred.username) {
          throw new Error(`the provision hook says to log in as ${out.username}, but the credential the new server gets (the primary's) logs in as ${cred.username}`);
        }
        const site = out.site ? await db.site.findFirst({ where: sameNameWhere(out.site), select: { id: true } }) : null;
        if (out.site && !site) throw new Error(`the provision hook placed ${out.name} in site ${JSON.stringify(out.site)}, which Tandem does not know`);
        const t = await db.server.findUniqueOrThrow({ where: { id: p.templateServerId }, select: { tags: true, services: true, lagProbe: true, agentMode: true, pollIntervalMs: true } });
        await createServer(db, restoreActor, {
          name: out.name,
          address: out.address,
          port: out.port ?? 22,
          description: mark,
          siteId: site?.id ?? p.siteId,
          credentialId: p.credentialId,
          tags: t.tags,
          services: t.services,
          lagProbe: t.lagProbe,
          agentMode: t.agentMode,
          pollIntervalMs: t.pollIntervalMs,
          hostKeyFingerprint: out.hostKeyFingerprint ?? null,
        });
      } else ctx.log(`${out.name} was registered before a restart`);
      const server = await newServer(db, ctx.operation.id);
      for (const line of await addFenceTargets(db, p.provisionServerId, p.groupId, server)) ctx.log(line);
      await reload();
      return { output: `registered ${out.name} (${out.address}:${out.port ?? 22}); host key ${out.hostKeyFingerprint ? `pinned: ${out.hostKeyFingerprint}` : "to be pinned at first sight"}` };
    }),

    // Disabled, not deleted: the machine the hook created may still exist (and cost), so it stays listed for someone to remove.
    "restore-unregister": resumable(async (ctx) => {
      const server = await newServer(db, ctx.operation.id).catch(() => null);
      if (!server) return { output: "nothing registered to undo" };
      const member = await db.groupMember.findFirst({ where: { serverId: server.id }, select: { group: { select: { name: true } } } });
      if (member) return { output: `${server.name} kept: it is a member of ${member.group.name}` };
      await db.$transaction(async (tx) => {
        const targets = await tx.fenceTarget.findMany({ where: { serverId: server.id }, select: { id: true, deviceId: true, device: { select: { name: true } } } });
        await tx.fenceTarget.deleteMany({ where: { id: { in: targets.map((t) => t.id) } } });
        for (const t of targets) await recordAuditEvent(tx, restoreActor, { action: "fence-device.update", targetType: "fence-device", targetId: t.deviceId, details: { name: t.device.name, targetRemoved: { server: server.name } } });
      });
      await updateServer(db, restoreActor, server.id, {
        enabled: false,
        description: `${server.description}; the restore failed: disabled. The machine may still exist: remove it there, then here.`.slice(0, 500),
      });
      await reload();
      return { output: `${server.name} disabled in the inventory (not deleted: the machine the provision hook created may still exist)` };
    }),

    "restore-await-healthy": resumable(async (ctx) => {
      const p = ZHealthParams.parse(ctx.params);
      const server = await newServer(db, ctx.operation.id);
      return until(ctx, async () => {
        const d = deps.monitoring.hostDetail(server.id);
        if (!d) {
          await reload();
          return { ok: false, why: `${server.name} is not polled yet` };
        }
        const h = d.host;
        if (h.health !== "UP") return { ok: false, why: `${server.name} is ${h.health}${h.reason ? ` (${h.reason})` : ""}` };
        const down = p.criticalServices.filter((s) => d.metrics?.servicesDown.includes(s));
        if (down.length) return { ok: false, why: `${down.join(", ")} not running on ${server.name}` };
        return { ok: true, output: `${server.name} answers and is UP${p.criticalServices.length ? `, ${p.criticalServices.join(", ")} running` : ""}` };
      });
    }),

    // Not resumable: what a join hook does (a base backup, a restart) is the admin's to know.
    "restore-join": async (ctx) => {
      const p = ZJoinParams.parse(ctx.params);
      const server = await newServer(db, ctx.operation.id);
      ctx.log(`$ join on ${server.name}: ${p.command}`);
      const env = { ...p.env, TANDEM_SERVER: server.name, TANDEM_SERVER_ADDRESS: server.address };
      const r = await runHook(deps, { serverId: server.id, hook: p.command, env, timeoutMs: ctx.step.timeoutMs, signal: ctx.signal, what: "join hook" });
      return { output: r.output || "joined", exitCode: r.exitCode };
    },

    "restore-add-member": resumable(async (ctx) => {
      const p = ZAddMemberParams.parse(ctx.params);
      const server = await newServer(db, ctx.operation.id);
      const data = { role: p.role, priority: p.priority, adminState: "IN_SERVICE" as const, lbBackendServer: p.lbBackend ? server.name : null };
      await db.$transaction(async (tx) => {
        const g = await tx.groupMember.upsert({ where: { groupId_serverId: { groupId: p.groupId, serverId: server.id } }, update: data, create: { groupId: p.groupId, serverId: server.id, ...data }, select: { group: { select: { name: true } } } });
        await recordAuditEvent(tx, restoreActor, { action: "group.update", targetType: "group", targetId: p.groupId, details: { name: g.group.name, memberAdded: { server: server.name, serverId: server.id, ...data }, operationId: ctx.operation.id } });
      });
      return { output: `${server.name} is an in-service ${p.role}${p.role === "STANDBY" ? ` (priority ${p.priority})` : ""}${data.lbBackendServer ? `, balancer backend ${data.lbBackendServer}` : ""}` };
    }),

    "restore-remove-member": resumable(async (ctx) => {
      const p = ZGroupParams.parse(ctx.params);
      const server = await newServer(db, ctx.operation.id);
      const removed = await db.$transaction(async (tx) => {
        const r = await tx.groupMember.deleteMany({ where: { groupId: p.groupId, serverId: server.id } });
        if (r.count) await recordAuditEvent(tx, restoreActor, { action: "group.update", targetType: "group", targetId: p.groupId, details: { memberRemoved: { server: server.name, serverId: server.id }, operationId: ctx.operation.id } });
        return r.count;
      });
      return { output: removed ? `${server.name} removed from the group` : `${server.name} was not a member` };
    }),

    "restore-verify": resumable(async (ctx) => {
      const p = ZGroupParams.parse(ctx.params);
      return until(ctx, async () => {
        const g = await getGroup(db, p.groupId, liveStatesOf(deps.monitoring));
        const r = g.redundancy;
        const counts = `${r.inService} in service, ${r.minHealthy} needed`;
        if (r.state === "OK") return { ok: true, output: `${g.name} is OK (${counts})` };
        return { ok: false, why: `${g.name} is ${r.state} (${counts}${r.unavailable.length ? `; ${r.unavailable.map((u) => `${u.name}: ${u.why}`).join("; ")}` : ""})` };
      });
    }),
  };
}

/**
 * The new server becomes a target of the fence devices that run on the provision
 * server and already fence a member of the group by its server name (a
 * hypervisor whose domains are named like the servers): the replacement can
 * then be fenced like the member it replaces. Any other naming is left to an admin.
 */
async function addFenceTargets(db: Db, provisionServerId: string, groupId: string, server: { id: string; name: string }): Promise<string[]> {
  const devices = await db.fenceDevice.findMany({
    where: { fencingServerId: provisionServerId, targets: { some: { server: { memberships: { some: { groupId } } } } } },
    select: { id: true, name: true, targets: { select: { plug: true, server: { select: { name: true, memberships: { where: { groupId }, select: { id: true } } } } } } },
  });
  const lines: string[] = [];
  for (const d of devices) {
    const members = d.targets.filter((t) => t.server.memberships.length > 0);
    if (!members.every((t) => t.plug === t.server.name)) {
      lines.push(`fence device ${d.name}: its plugs are not the servers' names; add ${server.name} to it by hand`);
      continue;
    }
    await db.$transaction(async (tx) => {
      const had = await tx.fenceTarget.findUnique({ where: { deviceId_serverId: { deviceId: d.id, serverId: server.id } }, select: { id: true } });
      if (had) return;
      await tx.fenceTarget.create({ data: { deviceId: d.id, serverId: server.id, plug: server.name } });
      await recordAuditEvent(tx, restoreActor, { action: "fence-device.update", targetType: "fence-device", targetId: d.id, details: { name: d.name, targetAdded: { server: server.name, plug: server.name } } });
    });
    lines.push(`fence device ${d.name} can now power ${server.name} off (plug ${server.name})`);
  }
  return lines;
}
