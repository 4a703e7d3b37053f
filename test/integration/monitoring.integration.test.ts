// Fleet monitoring end to end below the UI: the real monitoring service polls a
// simulated fleet over SSH; each injected fault shows up as the state an
// operator should see, persisted, in history, and live in the fleet room.
import { createServer, type Server } from "node:http";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { io as connect, type Socket } from "socket.io-client";
import { createTestDatabase, installTestRuntime, type TestDatabase } from "./database";
import { startSimFleet, DEFAULT_SIM_PASSWORD } from "../../agents/sim/sim-fleet";
import type { SimFleet, SimFault, SimHostSpec } from "../../agents/sim/sim-types";
import { seedDemoFleet } from "../../server/demo/seed-demo-fleet";
import { createMonitoring, type Monitoring } from "../../server/monitoring/monitoring-service";
import { createHub, type Hub } from "../../server/realtime/hub";
import { createLogger } from "../../server/lib/logger";
import { applyDelta, type TFleetDelta, type TFleetHost, type TFleetSnapshot } from "../../server/fleet/fleet.types";
import type { THostState } from "../../server/health/health.types";
import { createApiToken } from "../../server/api-tokens/create-api-token";
import { seedUser } from "./users";

const FAULTS: [SimFault, THostState, RegExp][] = [
  ["down", "DOWN", /refused/],
  ["hang", "DOWN", /./],
  ["cutoff", "DOWN", /refused/],
  ["high-cpu", "DEGRADED", /cpu/],
  ["disk-full", "DEGRADED", /disk/],
  ["raid-degraded", "DEGRADED", /RAID/],
  ["replication-lag", "DEGRADED", /replication lag/],
  ["service-stopped", "DEGRADED", /service .* not active/],
  ["malformed-output", "AGENT_ERROR", /not JSON|invalid/],
  ["host-key-changed", "UNREACHABLE", /host key changed/],
];

let t: TestDatabase;
let sim: SimFleet;
let http: Server;
let hub: Hub;
let monitoring: Monitoring;
let client: Socket;
const fleet = new Map<string, TFleetHost>();
let lastSeq = -1;
let gaps = 0;

beforeAll(async () => {
  t = await createTestDatabase();
  const rt = await installTestRuntime(t.db);
  const hosts: SimHostSpec[] = [...FAULTS.map(([f]) => f), "steady"].map((name, i) => ({
    name: `sim-${name}`,
    address: `127.30.0.${i + 1}`,
    port: 2300 + Math.floor(Math.random() * 500),
    services: ["postgresql", "nginx"],
    role: name === "replication-lag" ? "standby" : "web",
    site: "lab",
  }));
  sim = await startSimFleet({ hosts, seed: 7 });
  await seedDemoFleet(t.db, rt.secretBox, sim.hosts.map((h) => ({ name: h.name, address: h.address, port: h.port, username: h.username, fingerprint: h.hostKeyFingerprint, site: "lab", services: h.services })), DEFAULT_SIM_PASSWORD, { intervalMs: 1000 });

  http = createServer();
  hub = createHub(http, rt);
  await new Promise<void>((r) => http.listen(0, "127.0.0.1", r));
  monitoring = createMonitoring({ db: t.db, secretBox: rt.secretBox, hub, log: createLogger({ level: "error" }), tickMs: 250 });
  await monitoring.start();

  const admin = await seedUser(t.db, "VIEWER");
  const { token } = await createApiToken(t.db, { kind: "session", userId: admin.user.id, email: admin.user.email, name: "v", role: "VIEWER" }, { userId: admin.user.id, label: admin.user.email }, { name: "it" });
  client = connect(`http://127.0.0.1:${(http.address() as { port: number }).port}`, { transports: ["websocket"], auth: { token }, reconnection: false });
  client.on("fleet:snapshot", (s: TFleetSnapshot) => {
    fleet.clear();
    for (const h of s.hosts) fleet.set(h.id, h);
    lastSeq = s.seq;
  });
  client.on("fleet:delta", (d: TFleetDelta) => {
    if (d.seq !== lastSeq + 1) gaps++;
    lastSeq = d.seq;
    for (const r of d.rows) {
      const h = fleet.get(r[0]);
      if (h) fleet.set(r[0], applyDelta(h, r));
    }
  });
  await new Promise<void>((r) => client.once("connect", () => r()));
  expect(await client.emitWithAck("subscribe", { room: "fleet" })).toEqual({ ok: true });
}, 60_000);

afterAll(async () => {
  client?.close();
  await monitoring?.stop();
  await sim?.stop();
  await hub?.close();
  await t?.drop();
});

async function until<T>(fn: () => T | undefined | false | Promise<T | undefined | false>, ms = 20_000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const v = await fn();
    if (v) return v;
    if (Date.now() > end) throw new Error("timed out");
    await new Promise((r) => setTimeout(r, 100));
  }
}
const live = (name: string) => [...fleet.values()].find((h) => h.name === name);

describe("monitoring a simulated fleet", () => {
  it("installs the agent and brings every server UP, live in the fleet room", async () => {
    await until(() => fleet.size === FAULTS.length + 1 && [...fleet.values()].every((h) => h.state === "UP"));
    const steady = live("sim-steady")!;
    expect(steady.site?.name).toBe("lab");
    expect(steady.mem).not.toBeNull();
    expect(Date.now() - steady.lastSampleAt!).toBeLessThan(5000);
    expect(gaps).toBe(0);
  });

  it.each(FAULTS)("a %s fault shows as %s with a reason, and clears", async (fault, state, reason) => {
    const name = `sim-${fault}`;
    await sim.inject(name, fault);
    const h = await until(() => live(name)?.state === state && live(name), 30_000);
    expect(h.reason ?? "").toMatch(reason);
    // Persisted too (state changes are written in batches, a fraction of a second later).
    await until(async () => (await t.db.server.findUniqueOrThrow({ where: { name } })).state === state, 5000);
    await sim.clear(name);
    if (fault === "host-key-changed") return; // stays refused until an admin re-pins: see below
    await until(() => live(name)?.state === "UP", 30_000);
  });

  it("a changed host key is audited, and the host returns when its pinned key does", async () => {
    const ev = await t.db.auditEvent.findFirst({ where: { action: "server.host_key_changed" } });
    expect(ev).not.toBeNull();
    // The simulator restored the original key, which is the pinned one: the host comes back.
    await until(() => live("sim-host-key-changed")?.state === "UP", 30_000);
  });

  it("writes history for every poll", async () => {
    const steady = live("sim-steady")!;
    const n = await t.db.healthSample.count({ where: { serverId: steady.id } });
    expect(n).toBeGreaterThan(3);
  });
});
