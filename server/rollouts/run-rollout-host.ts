// One host of a rollout, as steps of the ROLLOUT operation: switchover (a
// primary), drain, patch, reboot, health gate, and re-enable, which always
// runs last, even after a failure or an abort, and puts back exactly what the
// drain took out. Every step is recorded before and after it runs (state,
// output, audit), so a restart resumes a host at the step it was in: each step
// is safe to run again (a reboot already asked for is only waited for).
import type { Db } from "../db/client";
import type { SecretBox } from "../crypto/secret-box";
import type { RolloutHost } from "../db/generated/client";
import type { THostDetail } from "../fleet/fleet.types";
import type { TOperation } from "../operations/operation.types";
import { commitChange, engineActor, type EngineDeps } from "../operations/commit-change";
import { capOutput } from "../operations/step-output";
import { runHook } from "../failover/run-hook";
import { rotateMember } from "../groups/rotate-member";
import { patchFamilyOf, patchScript, REBOOT_SCRIPT } from "./patch-commands";
import { STEP_STRIDE, stepAction, stepIndex } from "./rollout-meta";
import { sleep } from "../lib/sleep";
import { rolloutEvents, type TRolloutPhase, type TRolloutSettings } from "./rollouts.types";
import { toRolloutHostDto } from "./rollout-dto";
import type { RolloutFleet } from "./rollout-fleet";

export type RolloutHostDeps = {
  engine: EngineDeps;
  secretBox: SecretBox;
  monitoring: { hostDetail(id: string): THostDetail | null; sampleSoon(id: string): void; reconnectSoon(id: string): void };
  /** Switches the group's primary over to `toServerId` (a SWITCHOVER operation) and resolves when it ended. */
  switchover(groupId: string, toServerId: string | undefined, reason: string): Promise<TOperation>;
  /** How often waits look at the live state. */
  pollMs?: number;
};

/** How the host's run is told to stop: abort (skip to re-enable after the step in flight), stopping (Tandem stops: leave it for recover). */
export type HostControl = { aborted(): boolean; stopping(): boolean; signal: AbortSignal };

type Drained = { groupId: string; how: string; previousAdminState: "IN_SERVICE" };
type StepResult = { skipped?: boolean; output: string };

const HEALTHY = new Set(["UP", "DEGRADED"]);

class HostFailure extends Error {}

export async function runRolloutHost(
  deps: RolloutHostDeps,
  ctx: { operationId: string; settings: TRolloutSettings; fleet: RolloutFleet; control: HostControl },
  host: RolloutHost & { server: { name: string } },
): Promise<"SUCCEEDED" | "FAILED" | "ABORTED" | "INTERRUPTED"> {
  const db: Db = deps.engine.db;
  const clock = deps.engine.clock;
  const { settings, fleet, control } = ctx;
  const pollMs = deps.pollMs ?? 250;
  const name = host.server.name;
  const phases: TRolloutPhase[] = [...(host.switchover ? (["switchover"] as const) : []), "drain", "patch", "reboot", "gate", "enable"];

  // Record the host's steps once (a resumed host already has them).
  await db.operationStep.createMany({
    data: phases.map((p) => ({ operationId: ctx.operationId, index: stepIndex(host.position, p), action: stepAction(p), serverId: host.serverId, timeoutMs: settings.hostTimeoutSeconds * 1000, state: "PENDING" as const })),
    skipDuplicates: true,
  });
  const steps = new Map((await db.operationStep.findMany({ where: { operationId: ctx.operationId, serverId: host.serverId, index: { gte: host.position * STEP_STRIDE, lt: (host.position + 1) * STEP_STRIDE } } })).map((s) => [s.index, s]));
  let row: RolloutHost = host;
  const startedAt = row.startedAt ?? clock();
  const deadline = startedAt.getTime() + settings.hostTimeoutSeconds * 1000;

  async function updateHost(data: Partial<Pick<RolloutHost, "state" | "phase" | "drained" | "updatesBefore" | "securityBefore" | "kernelBefore" | "kernelAfter" | "rebooted" | "error" | "startedAt" | "endedAt">>) {
    row = await db.rolloutHost.update({ where: { id: row.id }, data: data as never });
    deps.engine.emit(`operation:${ctx.operationId}`, rolloutEvents.host, { operationId: ctx.operationId, host: toRolloutHostDto({ ...row, server: host.server }, []) });
  }

  if (row.state === "PENDING") await updateHost({ state: "RUNNING", startedAt, phase: phases[0]! });
  const live = () => deps.monitoring.hostDetail(row.serverId);
  const remaining = () => deadline - Date.now();
  const healthBefore = live()?.host.health ?? null;

  async function record(phase: TRolloutPhase, run: (log: (line: string) => void) => Promise<StepResult>): Promise<void> {
    const step = steps.get(stepIndex(row.position, phase))!;
    const lines: string[] = [];
    await updateHost({ phase });
    await commitChange(deps.engine, ctx.operationId, { step: { id: step.id, data: { state: "RUNNING", startedAt: clock(), endedAt: null, exitCode: null, output: "" } } });
    try {
      const r = await run((l) => void lines.push(l));
      const output = capOutput([...lines, r.output].filter(Boolean).join("\n"));
      await commitChange(deps.engine, ctx.operationId, {
        step: { id: step.id, data: { state: r.skipped ? "SKIPPED" : "SUCCEEDED", endedAt: clock(), exitCode: r.skipped ? null : 0, output } },
        audit: { actor: engineActor, action: r.skipped ? "rollout.step_skipped" : "rollout.step_succeeded", details: { server: name, serverId: row.serverId, phase } },
      });
      steps.set(step.index, { ...step, state: r.skipped ? "SKIPPED" : "SUCCEEDED" });
    } catch (e) {
      const message = e instanceof Error ? e.message : String(e);
      const exitCode = typeof (e as { exitCode?: unknown }).exitCode === "number" ? (e as { exitCode: number }).exitCode : null;
      await commitChange(deps.engine, ctx.operationId, {
        step: { id: step.id, data: { state: remaining() <= 0 ? "TIMED_OUT" : "FAILED", endedAt: clock(), exitCode, output: capOutput([...lines, message].join("\n")) } },
        audit: { actor: engineActor, action: "rollout.step_failed", details: { server: name, serverId: row.serverId, phase, error: message.slice(0, 500) } },
      });
      steps.set(step.index, { ...step, state: "FAILED" });
      throw new HostFailure(`${phase} failed: ${message}`);
    }
  }

  async function skip(phase: TRolloutPhase, why: string) {
    const step = steps.get(stepIndex(row.position, phase));
    if (!step || step.state !== "PENDING") return;
    await commitChange(deps.engine, ctx.operationId, { step: { id: step.id, data: { state: "SKIPPED", endedAt: clock(), output: why } } });
    steps.set(step.index, { ...step, state: "SKIPPED" });
  }

  /** Waits until `ok()` returns a value, giving up at the host's deadline or when the rollout is aborted or stopping. */
  async function waitFor<T>(what: string, ok: () => T | null | undefined, poke?: () => void): Promise<T> {
    for (;;) {
      const v = ok();
      if (v !== null && v !== undefined) return v;
      if (remaining() <= 0) throw new Error(`timed out waiting for ${what} (per-host timeout ${settings.hostTimeoutSeconds} s)`);
      if (control.stopping()) throw new Interrupted();
      if (control.aborted()) throw new Error(`rollout aborted while waiting for ${what}`);
      poke?.();
      await sleep(Math.min(pollMs, Math.max(remaining(), 10)), control.signal);
    }
  }

  const done = (phase: TRolloutPhase) => {
    const s = steps.get(stepIndex(row.position, phase))?.state;
    return s === "SUCCEEDED" || s === "SKIPPED";
  };

  const script = (): string => {
    if (settings.command.kind === "custom") return settings.command.script!;
    const family = patchFamilyOf(fleet.packageSource.get(row.serverId));
    if (!family) throw new Error(`${name}'s agent reports no apt or dnf; a custom patch command is needed`);
    return patchScript(family, settings.command.kind);
  };

  // ---- the phases ----

  const switchover = () =>
    record("switchover", async (log) => {
      const groups = (fleet.groupsOf.get(row.serverId) ?? []).filter((g) => g.mode === "ACTIVE_PASSIVE");
      const current = await db.groupMember.findMany({ where: { serverId: row.serverId, groupId: { in: groups.map((g) => g.id) }, role: "PRIMARY" }, select: { groupId: true, group: { select: { name: true } } } });
      if (!current.length) return { skipped: true, output: "no longer a primary: nothing to switch over" };
      for (const m of current) {
        log(`switching ${m.group.name} over from ${name}`);
        const op = await deps.switchover(m.groupId, undefined, `rollout ${ctx.operationId}: patch ${name}`);
        if (op.state !== "SUCCEEDED") throw new Error(`switchover of ${m.group.name} ended ${op.state}: ${op.outcome ?? ""} (operation ${op.id})`);
        log(`${m.group.name}: ${op.outcome ?? "switched over"} (operation ${op.id})`);
      }
      return { output: "" };
    });

  const drain = () =>
    record("drain", async (log) => {
      const drained = (row.drained as Drained[] | null) ?? [];
      const members = await db.groupMember.findMany({
        where: { serverId: row.serverId },
        select: { groupId: true, serverId: true, adminState: true, role: true, lbBackendServer: true, group: { select: { name: true, hooks: true, loadBalancerId: true } }, server: { select: { name: true } } },
      });
      if (!members.length) return { output: "not in any group: nothing to drain" };
      for (const m of members) {
        if (drained.some((d) => d.groupId === m.groupId)) continue; // a resumed drain: done already
        if (m.adminState !== "IN_SERVICE") {
          log(`${m.group.name}: already ${m.adminState.toLowerCase()}; left as it is`);
          continue;
        }
        // Recorded before the balancer is touched: a restart in between re-enables rather than forgets it.
        drained.push({ groupId: m.groupId, how: "pending", previousAdminState: "IN_SERVICE" });
        await updateHost({ drained: drained as never });
        await db.groupMember.update({ where: { groupId_serverId: { groupId: m.groupId, serverId: m.serverId } }, data: { adminState: "DRAINED" } });
        const how = await rotateMember({ db, secretBox: deps.secretBox }, m, "drain");
        drained[drained.length - 1]!.how = how;
        await updateHost({ drained: drained as never });
        log(`${m.group.name}: ${how}`);
      }
      return { output: "" };
    });

  const patch = () =>
    record("patch", async (log) => {
      const s = live()?.sample;
      await updateHost({ updatesBefore: s?.updates?.pending ?? null, securityBefore: s?.updates?.security ?? null, kernelBefore: s?.kernel ?? null });
      log(`${s?.updates?.pending ?? "unknown"} pending update(s), ${s?.updates?.security ?? "unknown"} security; running kernel ${s?.kernel ?? "unknown"}`);
      const r = await runHook(
        { db, secretBox: deps.secretBox },
        { serverId: row.serverId, hook: script(), env: { TANDEM_ROLLOUT: ctx.operationId, TANDEM_SERVER: name }, secretEnv: {}, what: "patch command", timeoutMs: Math.max(remaining(), 1000) },
      );
      if (r.exitCode !== 0) throw Object.assign(new Error(`patch command exited ${r.exitCode}\n${r.output.slice(-4000)}`), { exitCode: r.exitCode });
      await db.server.update({ where: { id: row.serverId }, data: { lastPatchedAt: clock() } });
      return { output: r.output.slice(-8000) };
    });

  const reboot = () =>
    record("reboot", async (log) => {
      const policy = settings.rebootPolicy;
      if (policy === "never" && !row.rebooted) return { skipped: true, output: "reboot policy: never" };
      if (policy === "if-required" && !row.rebooted) {
        // Ask a fresh sample: /run/reboot-required is read on every poll, the installed kernel after the patch.
        const patchedAt = steps.get(stepIndex(row.position, "patch"))?.endedAt?.getTime() ?? Date.now();
        // The patch script drops the agent's update cache: a sample counted after the patch also knows the installed
        // kernel (what RHEL's reboot need rests on; Debian's /run/reboot-required is read on every poll anyway).
        const counted = (d: THostDetail) => (d.sample?.updates?.checkedAt ?? 0) * 1000 >= patchedAt - 1000;
        const recountBy = Date.now() + 30_000;
        const fresh = await waitFor(
          "a sample after the patch",
          () => {
            const d = live();
            if (!d?.sample || (d.host.lastSampleAt ?? 0) <= patchedAt) return null;
            return d.sample.rebootRequired || counted(d) || Date.now() > recountBy ? d.sample : null;
          },
          () => deps.monitoring.sampleSoon(row.serverId),
        );
        const installed = (fresh as { kernelInstalled?: string | null }).kernelInstalled;
        const newer = installed && installed !== fresh.kernel;
        if (!fresh.rebootRequired && !newer) return { skipped: true, output: `no reboot required (running kernel ${fresh.kernel})` };
        log(fresh.rebootRequired ? "the server says a reboot is required" : `kernel ${installed} is installed, ${fresh.kernel} runs`);
      }
      const step = steps.get(stepIndex(row.position, "reboot"))!;
      let askedAt = step.startedAt?.getTime() ?? Date.now();
      if (!row.rebooted) {
        askedAt = Date.now();
        const r = await runHook({ db, secretBox: deps.secretBox }, { serverId: row.serverId, hook: REBOOT_SCRIPT, env: { TANDEM_ROLLOUT: ctx.operationId }, secretEnv: {}, what: "reboot command", timeoutMs: Math.min(60_000, Math.max(remaining(), 1000)) });
        if (r.exitCode !== 0) throw Object.assign(new Error(`reboot command exited ${r.exitCode}: ${r.output.slice(-2000)}`), { exitCode: r.exitCode });
        await updateHost({ rebooted: true });
        log(`reboot asked for at ${new Date(askedAt).toISOString()}`);
      } else {
        log("resumed: the reboot was asked for before; waiting for the server");
      }
      // Back when a sample shows it booted after the request: uptime shorter than the time since.
      const back = await waitFor(
        "the server to come back after its reboot",
        () => {
          const d = live();
          const at = d?.host.lastSampleAt ?? 0;
          if (!d?.sample || at <= askedAt || !HEALTHY.has(d.host.health)) return null;
          return d.sample.uptimeSec * 1000 < at - askedAt + 2000 ? d.sample : null;
        },
        () => deps.monitoring.reconnectSoon(row.serverId),
      );
      await updateHost({ kernelAfter: back.kernel });
      return { output: `back after ${((Date.now() - askedAt) / 1000).toFixed(1)} s, kernel ${back.kernel}${row.kernelBefore && row.kernelBefore !== back.kernel ? ` (was ${row.kernelBefore})` : ""}` };
    });

  const gate = () =>
    record("gate", async (log) => {
      const since = Math.max(steps.get(stepIndex(row.position, "patch"))?.endedAt?.getTime() ?? 0, steps.get(stepIndex(row.position, "reboot"))?.endedAt?.getTime() ?? 0);
      const groups = fleet.groupsOf.get(row.serverId) ?? [];
      let seen = since;
      let good = 0;
      let last = "";
      const verdict = (d: THostDetail): string | null => {
        // UP, or DEGRADED if it was DEGRADED before the rollout touched it: a rollout must not make it worse.
        if (d.host.health !== "UP" && !(d.host.health === "DEGRADED" && healthBefore === "DEGRADED")) return `${d.host.health}${d.host.reason ? ` (${d.host.reason})` : ""}`;
        const down = new Set(d.metrics?.servicesDown ?? []);
        for (const g of groups) {
          const dead = (fleet.criticalServices.get(g.id) ?? []).filter((s) => down.has(s));
          if (dead.length) return `${dead.join(", ")} not running (${g.name})`;
          const m = g.members.find((x) => x.serverId === row.serverId);
          if (g.mode === "ACTIVE_PASSIVE" && m?.role === "STANDBY" && g.maxLagSec !== null) {
            const lag = d.sample?.replicationLagSec ?? d.host.lag;
            if (lag === null || lag === undefined || lag > g.maxLagSec) return `replication lag ${lag ?? "unknown"} s over ${g.maxLagSec} s (${g.name})`;
          }
        }
        return null;
      };
      try {
        await waitFor(
          `${settings.gatePolls} consecutive healthy polls`,
          () => {
            const d = live();
            const at = d?.host.lastSampleAt ?? 0;
            if (!d || at <= seen) return null;
            seen = at;
            const bad = verdict(d);
            if (bad) {
              if (bad !== last) log(`not yet: ${bad}`);
              last = bad;
              good = 0;
              return null;
            }
            good++;
            return good >= settings.gatePolls ? true : null;
          },
          () => deps.monitoring.sampleSoon(row.serverId),
        );
      } catch (e) {
        throw new Error(`${(e as Error).message}${last ? `; last seen: ${last}` : ""}`);
      }
      return { output: `${settings.gatePolls} consecutive healthy poll(s): up${groups.length ? ", critical services running, replication within bounds" : ""}` };
    });

  const enable = () =>
    record("enable", async (log) => {
      const drained = (row.drained as Drained[] | null) ?? [];
      if (!drained.length) return { output: "nothing was drained" };
      const problems: string[] = [];
      for (const d of drained) {
        const m = await db.groupMember.findUnique({
          where: { groupId_serverId: { groupId: d.groupId, serverId: row.serverId } },
          select: { groupId: true, serverId: true, adminState: true, lbBackendServer: true, group: { select: { name: true, hooks: true, loadBalancerId: true } }, server: { select: { name: true } } },
        });
        if (!m) continue; // removed from the group meanwhile
        try {
          const how = await rotateMember({ db, secretBox: deps.secretBox }, m, "enable");
          // Only our own mark is undone: a member someone fenced or put in maintenance meanwhile stays so.
          if (m.adminState === "DRAINED") await db.groupMember.update({ where: { groupId_serverId: { groupId: d.groupId, serverId: row.serverId } }, data: { adminState: d.previousAdminState } });
          log(`${m.group.name}: ${how}${m.adminState !== "DRAINED" ? ` (left ${m.adminState.toLowerCase()}: changed by someone else meanwhile)` : ""}`);
        } catch (e) {
          problems.push(`${m.group.name}: ${(e as Error).message}`);
        }
      }
      if (problems.length) throw new Error(`could not re-enable: ${problems.join("; ")}`);
      await updateHost({ drained: [] as never });
      return { output: "" };
    });

  const run: Record<TRolloutPhase, () => Promise<void>> = { switchover, drain, patch, reboot, gate, enable };

  let failure: string | null = null;
  try {
    for (const p of phases) {
      if (p === "enable") break;
      if (done(p)) continue;
      if (control.stopping()) throw new Interrupted();
      if (control.aborted()) break;
      await run[p]();
    }
  } catch (e) {
    if (e instanceof Interrupted || control.stopping()) return "INTERRUPTED";
    failure = e instanceof Error ? e.message : String(e);
  }
  const gated = steps.get(stepIndex(row.position, "gate"))?.state === "SUCCEEDED";
  // The finally step: whatever happened, put back what was taken out.
  for (const p of phases) if (p !== "enable" && !done(p)) await skip(p, failure ? "skipped: an earlier step failed" : "skipped: the rollout was aborted");
  try {
    if (!done("enable")) await enable();
  } catch (e) {
    if (control.stopping()) return "INTERRUPTED";
    failure = failure ? `${failure}; ${(e as Error).message}` : (e as Error).message;
  }
  const aborted = !failure && !gated;
  const abortedWhy = done("patch") && steps.get(stepIndex(row.position, "patch"))?.state === "SUCCEEDED" ? "rollout aborted after the patch, before the health gate; re-enabled" : "rollout aborted before the patch; re-enabled";
  await updateHost({ state: failure ? "FAILED" : aborted ? "SKIPPED" : "SUCCEEDED", phase: null, endedAt: clock(), error: failure ?? (aborted ? abortedWhy : null) });
  return failure ? "FAILED" : aborted ? "ABORTED" : "SUCCEEDED";
}

class Interrupted extends Error {
  constructor() {
    super("Tandem is stopping");
  }
}
