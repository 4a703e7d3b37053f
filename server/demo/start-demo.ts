// The demo: a simulated fleet behind real SSH on loopback addresses, seeded into
// the inventory so Tandem polls it like any other fleet.
import type { Db } from "../db/client";
import type { SecretBox } from "../crypto/secret-box";
import type { Logger } from "../lib/logger";
import { startSimFleet, DEFAULT_SIM_PASSWORD } from "../../agents/sim/sim-fleet";
import { demoFleetSpec } from "../../agents/sim/demo-fleet";
import type { SimFleet } from "../../agents/sim/sim-types";
import { readDemoState, writeDemoState } from "./demo-state-file";
import { seedDemoFleet } from "./seed-demo-fleet";
import { seedDemoGroups, seedDemoInfrastructure } from "./seed-demo-groups";

export const DEMO_INTERVAL_MS = 2000;

/** stateFile: where the fleet's state survives a restart of Tandem (see demo-state-file.ts); none: fresh each start. */
export async function startDemo(db: Db, box: SecretBox, log: Logger, basePort = 2222, stateFile?: string): Promise<SimFleet> {
  const spec = demoFleetSpec();
  const initialState = stateFile ? readDemoState(stateFile, log) : undefined;
  let fleet: SimFleet | undefined;
  const save = () => {
    if (!stateFile || !fleet) return;
    try {
      writeDemoState(stateFile, fleet.state());
    } catch (err) {
      log.warn("demo fleet state not saved", { file: stateFile, error: (err as Error).message });
    }
  };
  // Another Tandem's demo may hold the port on these addresses: move along.
  for (let attempt = 0; !fleet; attempt++) {
    const port = basePort + attempt;
    try {
      fleet = await startSimFleet({ hosts: spec.map((h) => ({ ...h, port })), seed: 1, initialState, onChange: save, log: (level, msg, fields) => log[level === "debug" ? "debug" : level](`sim: ${msg}`, fields) });
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code ?? ((e as Error).cause as NodeJS.ErrnoException | undefined)?.code;
      if (code !== "EADDRINUSE" || attempt >= 20) throw e;
    }
  }
  if (initialState) log.info("demo fleet kept its state from the previous run", { file: stateFile });
  save();
  const hosts = fleet.hosts.map((h) => ({ name: h.name, address: h.address, port: h.port, username: h.username, fingerprint: h.originalHostKeyFingerprint, site: h.site ?? undefined, role: h.role ?? undefined, services: h.services }));
  const seeded = await seedDemoFleet(db, box, hosts, DEFAULT_SIM_PASSWORD, { intervalMs: DEMO_INTERVAL_MS });
  Object.assign(seeded, await seedDemoInfrastructure(db, fleet.hosts));
  Object.assign(seeded, await seedDemoGroups(db, fleet.hosts));
  log.info("demo fleet running", { hosts: hosts.length, port: hosts[0]?.port, ...seeded });
  return fleet;
}
