// After kill -9 the simulated fleet (it lives inside Tandem's process) comes
// back fresh: spec roles, no faults, everything on, balancers all "ready".
// Real hosts would have kept their state across Tandem's restart, so the
// exerciser puts back what the last snapshot before the kill showed: roles and
// fencing and balancer states over SSH with the sim's own commands (the way
// Tandem's hooks set them), then faults and power through the Simulator API.
import { SshConnection } from "../../server/ssh/connection";
import { hookCommand } from "../../server/failover/run-hook";
import { DEFAULT_SIM_PASSWORD } from "../../agents/sim/sim-fleet";
import type { Api } from "./api-client";
import type { SimHostView } from "./model";

async function simExec(h: SimHostView, command: string): Promise<void> {
  const conn = await SshConnection.connect(
    { label: h.name, address: h.address, port: h.port, username: "tandem", password: DEFAULT_SIM_PASSWORD, expectedFingerprint: null },
    { timeoutMs: 5000 },
  );
  try {
    const r = await conn.exec(command, { timeoutMs: 5000, outputCap: 4096 });
    if (r.exitCode !== 0) throw new Error(`${h.name}: ${command} exited ${r.exitCode}: ${r.stderr.trim()}`);
  } finally {
    conn.close();
  }
}

export type RestoreReport = { roles: number; fenced: number; lb: number; faults: number; powerOff: number; errors: string[] };

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

export async function restoreSim(api: Api, before: SimHostView[]): Promise<RestoreReport> {
  const now = await simulatorBack(api);
  const fresh = new Map(now.map((h) => [h.name, h]));
  const rep: RestoreReport = { roles: 0, fenced: 0, lb: 0, faults: 0, powerOff: 0, errors: [] };
  const attempt = async (what: string, fn: () => Promise<unknown>) => {
    try {
      await fn();
    } catch (e) {
      rep.errors.push(`${what}: ${(e as Error).message}`);
    }
  };
  // Demote before promoting, so the hosts never hold two primaries on the way.
  const order = [...before].sort((a, b) => Number(a.role === "primary") - Number(b.role === "primary"));
  for (const was of order) {
    const h = fresh.get(was.name);
    if (!h) continue;
    if (was.role && was.role !== h.role && (was.role === "primary" || was.role === "standby")) {
      await attempt(`role of ${h.name}`, () => simExec(h, hookCommand(`tandem-sim role ${was.role}`, {})));
      rep.roles++;
    }
    if (was.fenced && !h.fenced) {
      await attempt(`fence ${h.name}`, () => simExec(h, hookCommand("tandem-sim fence", {})));
      rep.fenced++;
    }
    for (const b of was.backends ?? []) {
      if (b.admin === "ready") continue;
      const verb = b.admin === "maint" ? "disable" : "drain";
      await attempt(`lb ${b.backend}/${b.server} on ${h.name}`, () => simExec(h, hookCommand(`tandem-sim lb ${verb}`, { TANDEM_BACKEND: b.backend, TANDEM_BACKEND_SERVER: b.server })));
      rep.lb++;
    }
  }
  for (const was of before) {
    for (const f of was.faults) {
      await attempt(`fault ${f.fault} on ${was.name}`, () => api.request("POST", "/api/v1/simulator/faults", { host: was.name, fault: f.fault, ...(f.params && Object.keys(f.params).length ? { params: f.params } : {}) }));
      rep.faults++;
    }
    if (was.power === "off") {
      await attempt(`power off ${was.name}`, () => api.request("POST", "/api/v1/simulator/power", { host: was.name, power: "off" }));
      rep.powerOff++;
    }
  }
  return rep;
}
