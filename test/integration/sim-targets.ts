// Simulated hosts as poll targets, for tests that drive a Poller directly
// (no database): ids made up from the index, the fleet's password, its pins.
import { DEFAULT_SIM_PASSWORD } from "../../agents/sim/sim-fleet";
import type { PollTarget } from "../../server/poller/poll-target";

export type SimHostLike = { name: string; address: string; port: number; username: string; hostKeyFingerprint: string };

export function simPollTargets(hosts: readonly SimHostLike[], intervalMs: number): PollTarget[] {
  return hosts.map((h, i) => ({
    id: `0190a3c4-0000-7000-8000-${String(i).padStart(12, "0")}`,
    name: h.name,
    address: h.address,
    port: h.port,
    credential: { username: h.username, password: DEFAULT_SIM_PASSWORD },
    hostKeyFingerprint: h.hostKeyFingerprint,
    intervalMs,
    agentMode: "STREAM",
    services: [],
    lagProbe: null,
    version: "1",
  }));
}
