// A group's fencing topology (DESIGN section 6, after Pacemaker's fencing
// levels): an ordered list of ways to make sure the old primary can no longer
// serve. At plan time each level becomes a concrete attempt (the hook text, the
// device and the target's plug, the balancer entry) or a recorded skip; at run
// time the first attempt that succeeds and is confirmed wins.
import { z } from "zod";
import { ZLbTarget, type TLbTarget } from "../loadbalancer/balancer-ref.types";

export const FENCING_LEVEL_KINDS = ["hook", "device", "lb"] as const;

/** As an admin configures it on a group. A device level without deviceId means any device that covers the target. */
export const ZFencingLevel = z.discriminatedUnion("kind", [
  z.strictObject({ kind: z.literal("hook") }),
  z.strictObject({ kind: z.literal("device"), deviceId: z.uuid("must be a fence device id (UUID)").optional() }),
  z.strictObject({ kind: z.literal("lb") }),
]);
export type TFencingLevel = z.infer<typeof ZFencingLevel>;
export const ZFencingLevels = z.array(ZFencingLevel).max(10, "must list at most 10 levels");

/** No levels configured: the soft hook, then every device that can power the target off, then the balancer. */
export const DEFAULT_FENCING_LEVELS: TFencingLevel[] = [{ kind: "hook" }, { kind: "device" }, { kind: "lb" }];

export const ZHookAttempt = z.object({
  kind: z.literal("hook"),
  hook: z.literal("fence"),
  command: z.string(),
  env: z.record(z.string(), z.string()),
  /** It runs on the fence step's server: the target. */
  serverName: z.string(),
});
export const ZDeviceAttempt = z.object({
  kind: z.literal("device"),
  deviceId: z.uuid(),
  deviceName: z.string(),
  fencingServerId: z.uuid(),
  fencingServerName: z.string(),
  targetName: z.string(),
  plug: z.string(),
  actionCommand: z.string(),
  statusCommand: z.string(),
  offPattern: z.string(),
  timeoutMs: z.number().int().positive(),
});
export const ZLbAttempt = z.object({ kind: z.literal("lb"), target: ZLbTarget });
export const ZFenceAttempt = z.discriminatedUnion("kind", [ZHookAttempt, ZDeviceAttempt, ZLbAttempt]);
export type TFenceAttempt = z.infer<typeof ZFenceAttempt>;
export type TDeviceAttempt = z.infer<typeof ZDeviceAttempt>;

/** A level as planned: an attempt, or why it was left out (kept, so the record shows every level). */
export const ZPlannedLevel = z.union([ZFenceAttempt, z.object({ kind: z.enum(FENCING_LEVEL_KINDS), skipped: z.string() })]);
export type TPlannedLevel = z.infer<typeof ZPlannedLevel>;

/** A device that can power the target off, as the planner sees it. */
export type FenceDeviceOption = {
  id: string;
  name: string;
  fencingServerId: string;
  fencingServerName: string;
  plug: string;
  actionCommand: string;
  statusCommand: string;
  offPattern: string;
  timeoutSeconds: number;
};

export type FencingInputs = {
  levels: TFencingLevel[];
  target: { serverId: string; name: string; health: string };
  /** The group's fence hook with its variables, or null when it has none. */
  hook: { command: string; env: Record<string, string> } | null;
  /** Devices with the target among their targets. */
  devices: FenceDeviceOption[];
  lb: TLbTarget | null;
};

/** Health states in which the target does not answer, so a hook on it cannot run. */
const SILENT = new Set(["DOWN", "UNREACHABLE", "UNKNOWN"]);

/** Every configured level, in order, as an attempt or a skip with its reason. Pure. */
export function planFencing(inp: FencingInputs): TPlannedLevel[] {
  const levels = inp.levels.length ? inp.levels : DEFAULT_FENCING_LEVELS;
  const out: TPlannedLevel[] = [];
  const { target } = inp;
  for (const level of levels) {
    if (level.kind === "hook") {
      if (!inp.hook) out.push({ kind: "hook", skipped: "the group has no fence hook" });
      else if (SILENT.has(target.health)) out.push({ kind: "hook", skipped: `${target.name} does not answer (${target.health}): a hook cannot run on it` });
      else out.push({ kind: "hook", hook: "fence", command: inp.hook.command, env: inp.hook.env, serverName: target.name });
    } else if (level.kind === "device") {
      const devices = level.deviceId ? inp.devices.filter((d) => d.id === level.deviceId) : inp.devices;
      if (!devices.length) {
        out.push({ kind: "device", skipped: level.deviceId ? `the fence device of this level cannot fence ${target.name}` : `no fence device can power ${target.name} off` });
        continue;
      }
      for (const d of devices) {
        // A device whose commands run on the target itself is no out-of-band fence.
        if (d.fencingServerId === target.serverId) {
          out.push({ kind: "device", skipped: `${d.name} runs on ${target.name} itself` });
          continue;
        }
        out.push({
          kind: "device",
          deviceId: d.id,
          deviceName: d.name,
          fencingServerId: d.fencingServerId,
          fencingServerName: d.fencingServerName,
          targetName: target.name,
          plug: d.plug,
          actionCommand: d.actionCommand,
          statusCommand: d.statusCommand,
          offPattern: d.offPattern,
          timeoutMs: d.timeoutSeconds * 1000,
        });
      }
    } else {
      out.push(inp.lb ? { kind: "lb", target: inp.lb } : { kind: "lb", skipped: "the group has no load balancer entry for it" });
    }
  }
  return out;
}

export function describeAttempt(a: TPlannedLevel): string {
  if ("skipped" in a) return `${a.kind}: skipped (${a.skipped})`;
  if (a.kind === "hook") return `fence hook on ${a.serverName}`;
  if (a.kind === "device") return `${a.deviceName} powers ${a.targetName} off from ${a.fencingServerName}`;
  return `isolation at ${a.target.kind === "HAPROXY" ? `HAProxy ${a.target.address}` : `balancer ${a.target.name}`} ${a.target.backend}/${a.target.backendServer}`;
}

/** The time a fence step may take: every attempt's own budget, and some slack. */
export function fencingBudgetMs(levels: TPlannedLevel[], perHookMs: number, perLbMs: number): number {
  let ms = 5_000;
  for (const l of levels) {
    if ("skipped" in l) continue;
    ms += l.kind === "device" ? l.timeoutMs + 10_000 : l.kind === "hook" ? perHookMs : perLbMs;
  }
  return ms;
}
