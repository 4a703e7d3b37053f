// After kill -9 the simulated fleet (it lives inside Tandem's process) comes
// back as it was: the demo keeps its hosts' state in Tandem's data directory
// and takes it back before anything polls, as real hosts would simply have
// kept theirs. The exerciser checks that against the snapshot it took just
// before the kill. A hook that ran in between may account for a difference,
// so differences are reported, not counted as violations.
import type { Api } from "./api-client";
import type { SimHostView } from "./model";

/** Tandem answers before its background services run: the simulator appears a moment after the port listens. */
async function simulatorBack(api: Api, ms = 60_000): Promise<SimHostView[]> {
  const deadline = Date.now() + ms;
  for (;;) {
    const r = await api.request<{ hosts: SimHostView[] }>("GET", "/api/v1/simulator", undefined, { ok: [200, 404] });
    if (r.status === 200) return r.body.hosts;
    if (Date.now() > deadline) throw new Error(`the simulator did not come back within ${ms / 1000} s of Tandem's restart`);
    await new Promise((res) => setTimeout(res, 200));
  }
}

const faultsOf = (h: SimHostView) => h.faults.map((f) => f.fault).sort().join(",");
const lbOf = (h: SimHostView) => (h.backends ?? []).filter((b) => b.admin !== "ready").map((b) => `${b.backend}/${b.server}=${b.admin}`).sort().join(",");

/** What differs between the fleet before the kill and after the restart, one line per host and field. */
export function simDifferences(before: SimHostView[], after: SimHostView[]): string[] {
  const now = new Map(after.map((h) => [h.name, h]));
  const out: string[] = [];
  for (const was of before) {
    const h = now.get(was.name);
    if (!h) {
      out.push(`${was.name} is gone`);
      continue;
    }
    if (was.role !== h.role) out.push(`${h.name} role ${was.role} → ${h.role}`);
    if (was.fenced !== h.fenced) out.push(`${h.name} fenced ${was.fenced} → ${h.fenced}`);
    if (was.power !== h.power && was.poweredOffBy !== "reboot") out.push(`${h.name} power ${was.power} → ${h.power}`);
    if (faultsOf(was) !== faultsOf(h)) out.push(`${h.name} faults [${faultsOf(was)}] → [${faultsOf(h)}]`);
    if (lbOf(was) !== lbOf(h)) out.push(`${h.name} balancer [${lbOf(was)}] → [${lbOf(h)}]`);
  }
  return out;
}

export async function simKept(api: Api, before: SimHostView[]): Promise<{ hosts: number; differences: string[] }> {
  const after = await simulatorBack(api);
  return { hosts: after.length, differences: simDifferences(before, after) };
}
