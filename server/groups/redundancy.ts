// A redundancy group's state, from its members' health and admin state
// (DESIGN section 4): OK when one more member than the budget is in service,
// AT_RISK at the budget (one more loss is an outage), BROKEN below it; plus
// whether a standby exists in another site than the primary (DR coverage).
import type { THostState } from "../health/health.types";

export type RedundancyState = "OK" | "AT_RISK" | "BROKEN";
export type MemberView = {
  serverId: string;
  name: string;
  role: "PRIMARY" | "STANDBY" | "ACTIVE";
  adminState: "IN_SERVICE" | "DRAINED" | "MAINTENANCE" | "FENCED";
  hostState: THostState;
  siteId: string | null;
};

/** Answering hosts serve; UNREACHABLE is unconfirmed but cannot be counted on, so it does not. */
export function isServing(m: MemberView): boolean {
  return m.adminState === "IN_SERVICE" && (m.hostState === "UP" || m.hostState === "DEGRADED");
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

export function evaluateRedundancy(mode: "ACTIVE_PASSIVE" | "ACTIVE_ACTIVE", minHealthy: number, members: MemberView[]): GroupRedundancy {
  const serving = members.filter(isServing);
  const unavailable = members
    .filter((m) => !isServing(m))
    .map((m) => ({ name: m.name, why: m.adminState !== "IN_SERVICE" ? m.adminState.toLowerCase().replace("_", " ") : m.hostState.toLowerCase().replace("_", " ") }));
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
