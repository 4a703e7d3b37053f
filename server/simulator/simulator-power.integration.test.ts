// POST /api/v1/simulator/power against a real simulated fleet and database: an
// operator powers a host off and on, the state says who did it, the audit log keeps it.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startSimFleet } from "../../agents/sim/sim-fleet";
import type { SimFleet } from "../../agents/sim/sim-types";
import * as powerRoute from "../../app/api/v1/simulator/power/route";
import * as stateRoute from "../../app/api/v1/simulator/route";
import { createTestDatabase, installTestRuntime, type TestDatabase } from "../../test/integration/database";
import { apiRequest } from "../../test/integration/http";
import { seedUser } from "../../test/integration/users";

let t: TestDatabase;
let fleet: SimFleet;
let operator: string;
let viewer: string;
let admin: string;
const net16 = `127.34.${process.pid % 250}`;

beforeAll(async () => {
  t = await createTestDatabase();
  const rt = await installTestRuntime(t.db);
  fleet = await startSimFleet({
    hosts: [
      { name: "db-x", address: `${net16}.1`, site: "s", role: "primary", services: ["postgresql"] },
      { name: "lb-x", address: `${net16}.2`, site: "s", role: "lb", services: ["haproxy"] },
    ],
  });
  rt.services.simulator = fleet;
  operator = (await seedUser(t.db, "OPERATOR")).session;
  admin = (await seedUser(t.db, "ADMIN")).session;
  viewer = (await seedUser(t.db, "VIEWER")).session;
});
afterAll(async () => {
  await fleet?.stop();
  await t?.drop();
});

const power = (body: unknown, session = admin) => powerRoute.POST(apiRequest("POST", "/api/v1/simulator/power", { session, body }), { params: Promise.resolve({}) });

describe("POST /api/v1/simulator/power", () => {
  it("powers a host off and on, shows it in the state, and audits both", async () => {
    expect((await power({ host: "db-x", power: "off" })).status).toBe(200);
    expect(fleet.host("db-x")).toMatchObject({ power: "off", poweredOffBy: expect.stringMatching(/^admin-.*@example\.test$/) });
    const state = await (await stateRoute.GET(apiRequest("GET", "/api/v1/simulator", { session: admin }), { params: Promise.resolve({}) })).json();
    expect(state.hosts.find((h: { name: string }) => h.name === "db-x")).toMatchObject({ power: "off", poweredOffBy: fleet.host("db-x").poweredOffBy, role: "primary", fenced: false, backends: null });
    expect(state.hosts.find((h: { name: string }) => h.name === "lb-x")).toMatchObject({ power: "on", poweredOffBy: null, backends: [] });

    expect((await power({ host: "db-x", power: "on" })).status).toBe(200);
    expect(fleet.host("db-x")).toMatchObject({ power: "on", poweredOffBy: null });
    const audit = await t.db.auditEvent.findMany({ where: { action: "simulator.power" }, orderBy: { id: "asc" } });
    expect(audit.map((a) => [a.targetId, (a.details as { power: string }).power])).toEqual([
      ["db-x", "off"],
      ["db-x", "on"],
    ]);
  });

  it("refuses unknown hosts, bad bodies and viewers, and changes nothing", async () => {
    const unknown = await power({ host: "nope", power: "off" });
    expect(unknown.status).toBe(404);
    expect((await power({ host: "db-x", power: "reboot" })).status).toBe(400);
    expect((await power({ host: "db-x", power: "off", by: "me" })).status).toBe(400);
    expect((await power({ host: "db-x", power: "off" }, viewer)).status).toBe(403);
    expect((await power({ host: "db-x", power: "off" }, operator)).status).toBe(403);
    expect(fleet.host("db-x").power).toBe("on");
  });
});
