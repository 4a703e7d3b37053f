// The shapes the exerciser reads from Tandem's API (only the fields it uses),
// and what it remembers of the world it made: which fault was on which host when.
export type SimHostView = {
  name: string;
  address: string;
  port: number;
  serverId: string | null;
  role: string | null;
  site: string | null;
  faults: { fault: string; params?: Record<string, unknown> }[];
  power: "on" | "off";
  poweredOffBy: string | null;
  fenced: boolean;
  backends: { backend: string; server: string; admin: "ready" | "drain" | "maint"; health: string }[] | null;
};

export type MemberView = { serverId: string; name: string; role: "PRIMARY" | "STANDBY" | "ACTIVE"; adminState: string; state: string };
export type GroupView = { id: string; name: string; mode: "ACTIVE_PASSIVE" | "ACTIVE_ACTIVE"; members: MemberView[] };

export type StepView = { index: number; action: string; serverId: string | null; state: string; timeoutMs: number; startedAt: string | null; endedAt: string | null };
export type OperationView = {
  id: string;
  kind: string;
  state: string;
  groupId: string | null;
  initiator: string;
  reason: string;
  createdAt: string;
  startedAt: string | null;
  endedAt: string | null;
  outcome?: string | null;
  steps: StepView[];
};

export type AlertView = { id: string; source: string; state: string; title: string; server: { id: string; name: string } | null; firstSeenAt: string; resolvedAt: string | null; suppressed: boolean; flapping?: boolean };

/** A fault as the exerciser caused it: `to` is null while it is on. `power-off` is the Simulator's power button. */
export type FaultRecord = { id: number; step: number; host: string; fault: string; params: Record<string, unknown>; from: number; to: number | null };

/** A sighting of a host powered off (by anyone: us, a fence device, a reboot), from the periodic snapshots. */
export type PowerOffSighting = { host: string; at: number };

export const END_STATES = ["SUCCEEDED", "FAILED", "ABORTED", "ROLLED_BACK"];
export const isEnded = (state: string) => END_STATES.includes(state);
