// Every random choice of a run comes from one seeded PRNG, in the order the
// steps make them: the same seed asks for the same faults, hosts and actions.
// (Which hosts are primary at a step depends on what Tandem did before, and
// timing is the machine's, so a rerun follows the same script, not the same clock.)
import type { Rng } from "../../agents/sim/prng";
import type { SimHostView } from "./model";
import { SIM_FAULTS } from "../../agents/sim/sim-types";

/** The simulator's faults, and its power button as a hypervisor would pull it. */
export const FAULT_KINDS = [...SIM_FAULTS, "power-off"] as const;
export type FaultKind = (typeof FAULT_KINDS)[number];

/** What a database primary gets most: the faults that must, and must not, end in a failover. */
const PRIMARY_FAULTS: FaultKind[] = ["down", "hang", "cutoff", "slow", "service-stopped", "power-off", "host-key-changed", "malformed-output", "cutoff", "slow"];

export type FaultChoice = { host: string; fault: FaultKind; params: Record<string, unknown>; lifeSteps: number };

export function chooseFault(rng: Rng, hosts: SimHostView[], busy: (host: string, fault: string) => boolean): FaultChoice | null {
  const primaries = hosts.filter((h) => h.role === "primary" && h.name.startsWith("db-"));
  const standbys = hosts.filter((h) => h.role === "standby");
  for (let attempt = 0; attempt < 5; attempt++) {
    const roll = rng.next();
    const pool = roll < 0.4 && primaries.length ? primaries : roll < 0.55 && standbys.length ? standbys : hosts;
    const host = rng.pick(pool);
    const fault = pool === primaries ? rng.pick(PRIMARY_FAULTS) : rng.pick(FAULT_KINDS);
    const params: Record<string, unknown> = {};
    if (fault === "slow") params.delayMs = rng.pick([1500, 3000, 8000]);
    if (fault === "replication-lag") params.seconds = rng.pick([10, 120]);
    const lifeSteps = rng.int(1, 8);
    if (!busy(host.name, fault)) return { host: host.name, fault, params, lifeSteps };
  }
  return null;
}

export const ACTIONS = ["switchover", "drill-live", "drill-dry-run", "maintenance", "rollout", "site-drill", "abort", "resume", "rejoin", "clear-random"] as const;
export type ActionKind = (typeof ACTIONS)[number];

/** About one step in three also has an operator act. */
export function chooseAction(rng: Rng): ActionKind | null {
  if (!rng.chance(0.35)) return null;
  return rng.pick(ACTIONS);
}

export type Disruption = "kill-tandem" | "restart-postgres";

/**
 * At which steps Tandem is killed (mid-operation) and its PostgreSQL restarted:
 * one of each per 40 steps, at a seeded step inside each block, never in the first five.
 */
export function scheduleDisruptions(rng: Rng, count: number): Map<number, Disruption> {
  const out = new Map<number, Disruption>();
  const blocks = Math.max(1, Math.floor(count / 40));
  const size = Math.floor(count / blocks);
  for (let b = 0; b < blocks; b++) {
    const lo = b * size + Math.min(5, size - 1);
    const hi = (b + 1) * size - 2;
    if (hi < lo) continue;
    const mid = lo + Math.floor((hi - lo) / 2);
    const kill = rng.int(lo, Math.max(lo, mid));
    let pg = rng.int(Math.min(mid + 1, hi), hi);
    if (pg === kill) pg = Math.min(hi, kill + 1);
    out.set(kill, "kill-tandem");
    if (pg !== kill) out.set(pg, "restart-postgres");
  }
  return out;
}
