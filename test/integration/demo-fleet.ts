// The demo exactly as `npm start` makes it (startDemo's simulated fleet, seeded
// groups, hypervisors and lb hosts) on a throwaway database, watched by the real
// monitoring service behind a socket hub: the setup both demo test files share.
// Each adds its own engine and loops on top.
import { createServer } from "node:http";
import type { SimFleet } from "../../agents/sim/sim-types";
import { startDemo } from "../../server/demo/start-demo";
import { createMonitoring, type Monitoring } from "../../server/monitoring/monitoring-service";
import { createHub } from "../../server/realtime/hub";
import { createTestDatabase, installTestRuntime, type TestDatabase, type TestRuntime } from "./database";
import { log } from "./failover-pair";

export type DemoFleet = { t: TestDatabase; rt: TestRuntime; sim: SimFleet; monitoring: Monitoring };

/**
 * Starts the demo on `sshPort` (and the ports after it). What it starts is pushed onto `cleanup` as it goes,
 * so the caller's afterAll stops it, in reverse, even when a later step fails.
 */
export async function startDemoFleet(sshPort: number, cleanup: (() => Promise<unknown>)[]): Promise<DemoFleet> {
  const t = await createTestDatabase();
  cleanup.push(() => t.drop());
  const rt = await installTestRuntime(t.db);
  const sim = await startDemo(t.db, rt.secretBox, log, sshPort);
  cleanup.push(() => sim.stop());
  const http = createServer();
  const hub = createHub(http, rt);
  await new Promise<void>((r) => http.listen(0, "127.0.0.1", r));
  cleanup.push(() => hub.close());
  const monitoring = createMonitoring({ db: t.db, secretBox: rt.secretBox, hub, log, tickMs: 250 });
  await monitoring.start();
  cleanup.push(() => monitoring.stop());
  return { t, rt, sim, monitoring };
}
