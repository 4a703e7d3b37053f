// A host the demo's hypervisor provisioned (a restore's provision hook) is a real
// host of the demo from then on: after a restart of Tandem it listens again at
// its address with its key, and the inventory knows it once.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { connectSim, execSim } from "../../agents/sim/sim-client";
import { DEFAULT_SIM_PASSWORD } from "../../agents/sim/sim-fleet";
import type { SimFleet } from "../../agents/sim/sim-types";
import { createTestDatabase, installTestRuntime } from "../../test/integration/database";
import { log } from "../../test/integration/failover-pair";
import { hookCommand } from "../failover/run-hook";
import { startDemo } from "./start-demo";

const cleanup: (() => Promise<unknown>)[] = [];
afterAll(async () => {
  for (const c of cleanup.reverse()) await c().catch(() => undefined);
});

describe("the demo across a restart", () => {
  it("brings back a host its hypervisor provisioned, at its address, with its key", async () => {
    const t = await createTestDatabase();
    cleanup.push(() => t.drop());
    const rt = await installTestRuntime(t.db);
    const dir = mkdtempSync(path.join(tmpdir(), "tandem-demo-restart-"));
    cleanup.push(async () => rmSync(dir, { recursive: true, force: true }));
    const file = path.join(dir, "demo-fleet-state.json");
    let sim: SimFleet | undefined = await startDemo(t.db, rt.secretBox, log, 2782, file);
    cleanup.push(() => sim?.stop() ?? Promise.resolve());
    const servers = await t.db.server.count();

    const hv = sim.host("hv-ams1");
    const c = await connectSim({ ...hv, password: DEFAULT_SIM_PASSWORD });
    const r = await execSim(c, hookCommand("tandem-sim provision", { TANDEM_GROUP: "pg-ams1", TANDEM_SITE: "ams1", TANDEM_NAME_HINT: "pg-ams1-r1" }));
    c.end();
    expect(r.code, r.stderr).toBe(0);
    const made = sim.host("pg-ams1-r1");

    await sim.stop();
    sim = undefined;
    sim = await startDemo(t.db, rt.secretBox, log, 2782, file);
    expect(sim.host("pg-ams1-r1")).toMatchObject({ address: made.address, port: made.port, originalHostKeyFingerprint: made.originalHostKeyFingerprint, role: "standby", site: "ams1", power: "on" });
    // hv-ams1, its site's hypervisor, still powers it.
    const again = await connectSim({ ...sim.host("hv-ams1"), password: DEFAULT_SIM_PASSWORD });
    expect(await execSim(again, hookCommand("tandem-sim power status", { TANDEM_PLUG: "pg-ams1-r1" }))).toMatchObject({ code: 0, stdout: "running\n" });
    again.end();
    // The inventory has it once, pinned to its own key.
    expect(await t.db.server.count()).toBe(servers + 1);
    expect(await t.db.server.findUniqueOrThrow({ where: { name: "pg-ams1-r1" } })).toMatchObject({ address: made.address, hostKeyFingerprint: made.originalHostKeyFingerprint });
  }, 60_000);
});
