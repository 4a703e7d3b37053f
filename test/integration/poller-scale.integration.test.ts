// 1,000 simulated servers polled by one poller: every one connects, installs
// the agent, streams, and is UP, with no failed poll along the way.
import { afterAll, beforeAll, expect, it } from "vitest";
import { startSimFleet } from "../../agents/sim/sim-fleet";
import type { SimFleet } from "../../agents/sim/sim-types";
import { Poller } from "../../server/poller/poller";
import { HealthEngine } from "../../server/health/health-engine";
import { DEFAULT_HEALTH_POLICY, type PollOutcome } from "../../server/health/health.types";
import { simPollTargets } from "./sim-targets";
import { createLogger } from "../../server/lib/logger";

const N = 1000;
let sim: SimFleet;
let poller: Poller;

beforeAll(async () => {
  sim = await startSimFleet({
    hosts: Array.from({ length: N }, (_, i) => ({ name: `scale-${String(i).padStart(4, "0")}`, address: `127.31.${i >> 8}.${i & 255}`, port: 2400 })),
    seed: 3,
  });
}, 60_000);
afterAll(async () => {
  await poller?.stop();
  await sim?.stop();
});

it(`polls ${N} simulated servers without a single failed poll`, async () => {
  const engine = new HealthEngine(DEFAULT_HEALTH_POLICY);
  const failures: PollOutcome[] = [];
  let ok = 0;
  const targets = simPollTargets(sim.hosts, 5000);
  poller = new Poller({
    loadTargets: async () => targets,
    report: (id, o) => {
      if (o.ok) ok++;
      else failures.push(o);
      engine.apply(id, o);
    },
    pinHostKey: async () => undefined,
    log: createLogger({ level: "error" }),
    maxConcurrentConnects: 64,
    reloadEveryMs: 600_000,
  });
  await poller.start();
  const end = Date.now() + 100_000;
  while ([...engine.hosts.values()].filter((h) => h.state === "UP").length < N) {
    if (Date.now() > end) break;
    await new Promise((r) => setTimeout(r, 250));
  }
  expect([...engine.hosts.values()].filter((h) => h.state === "UP").length).toBe(N);
  expect(poller.stats()).toEqual({ hosts: N, connected: N });
  expect(failures.slice(0, 3)).toEqual([]);
  expect(ok).toBeGreaterThanOrEqual(N);
}, 120_000);
