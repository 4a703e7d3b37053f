// A redundancy group's state, from its members' health and admin state
// (DESIGN section 4): OK when one more member than the budget is in service,
// AT_RISK at the budget (one more loss is an outage), BROKEN below it; plus
// whether a standby exists in another site than the primary (DR coverage).
// Honest counting (DESIGN section 6): in an ACTIVE_PASSIVE group a standby
// counts only when it could take over now (the candidate rules), and the
// primary only while its critical services run.
import { rejectionReasons } from "../failover/select-candidate";
import type { THostState } from "../health/health.types";

export type RedundancyState = "OK" | "AT_RISK" | "BROKEN";
export type MemberView = {
  serverId: string;
  name: string;
  role: "PRIMARY" | "STANDBY" | "ACTIVE";
  adminState: "IN_SERVICE" | "DRAINED" | "MAINTENANCE" | "FENCED";
  hostState: THostState;
  siteId: string | null;
  /** The maintenance window it is in now (its title), if any: it does not count while the window lasts. */
  maintenance?: string | null;
  lagSec?: number | null;
  /** The group's critical services its agent reports not active. */
  criticalServicesDown?: string[];
};

const words = (s: string) => s.toLowerCase().replace("_", " ");

/** Why a member cannot serve its role now; empty when it can. */
export function unavailableBecause(m: MemberView, mode: "ACTIVE_PASSIVE" | "ACTIVE_ACTIVE", maxLagSec: number | null): string[] {
  if (mode === "ACTIVE_PASSIVE" && m.role === "STANDBY") {
    return rejectionReasons(
      { serverId: m.serverId, name: m.name, priority: 0, adminState: m.adminState, hostState: m.hostState, inMaintenanceWindow: m.maintenance ?? null, lagSec: m.lagSec ?? null, criticalServicesDown: m.criticalServicesDown },
      maxLagSec,
    );
  }
  const reasons: string[] = [];
  if (m.adminState !== "IN_SERVICE") reasons.push(words(m.adminState));
  if (m.maintenance) reasons.push(`in maintenance window "${m.maintenance}"`);
  // UNREACHABLE is unconfirmed but cannot be counted on, so it does not count.
  if (m.hostState !== "UP" && m.hostState !== "DEGRADED") reasons.push(words(m.hostState));
  for (const s of m.criticalServicesDown ?? []) reasons.push(`${s} is not running`);
  return reasons;
}

/** Answering, in service, outside a window, critical services running (and, for a standby, ready to take over). */
export function isServing(m: MemberView, mode: "ACTIVE_PASSIVE" | "ACTIVE_ACTIVE" = "ACTIVE_ACTIVE", maxLagSec: number | null = null): boolean {
  return unavailableBecause(m, mode, maxLagSec).length === 0;
}

export type GroupRedundancy = {
  state: RedundancyState;
  inService: number;
  minHealthy: number;
  /** Members that do not count, with why. */
  unavailable: { name: string; why: string }[];
  /** A serving standby in a site other than the primary's (ACTIVE_PASSIVE), or members serving in two sites (ACTIVE_ACTIVE). */
  drCovered: boolean;
};

export function evaluateRedundancy(mode: "ACTIVE_PASSIVE" | "ACTIVE_ACTIVE", minHealthy: number, members: MemberView[], opts: { maxLagSec?: number | null } = {}): GroupRedundancy {
  const judged = members.map((m) => ({ m, reasons: unavailableBecause(m, mode, opts.maxLagSec ?? null) }));
  const serving = judged.filter((j) => j.reasons.length === 0).map((j) => j.m);
  const unavailable = judged.filter((j) => j.reasons.length > 0).map((j) => ({ name: j.m.name, why: j.reasons.join(", ") }));
  const inService = serving.length;
  const state: RedundancyState = inService >= minHealthy + 1 ? "OK" : inService === minHealthy ? "AT_RISK" : "BROKEN";
  let drCovered: boolean;
  if (mode === "ACTIVE_PASSIVE") {
    const primary = members.find((m) => m.role === "PRIMARY");
    drCovered = serving.some((m) => m.role === "STANDBY" && m.siteId !== null && m.siteId !== (primary?.siteId ?? null));
  } else {
    drCovered = new Set(serving.map((m) => m.siteId).filter((s) => s !== null)).size >= 2;
  }
  return { state, inService, minHealthy, unavailable, drCovered };
}
