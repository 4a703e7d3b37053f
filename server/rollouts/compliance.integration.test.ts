// Patch compliance through the real route handler and Postgres: servers seeded
// with agent samples, filtered by site, group, tag and status, sorted worst
// first, summarized; and lastPatchedAt stamped by the stored-sample write.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, installTestRuntime, type TestDatabase } from "../../test/integration/database";
import { callRoute, type RouteHandler } from "../../test/integration/http";
import { seedUser } from "../../test/integration/users";
import { writeLatestSamples } from "../monitoring/latest-samples";
import * as complianceRoute from "../../app/api/v1/compliance/route";
import { getCompliance } from "./compliance";
import { ZComplianceQuery } from "./rollouts.types";
import type { TAgentSample } from "../agent/agent-sample.types";

let t: TestDatabase;
let viewer: string;
const ids: Record<string, string> = {};
let groupId: string;
let fra: string;

type SampleFacts = { pending: number | null; security?: number | null; reboot?: boolean; kernel?: string; kernelInstalled?: string | null };
const NOW_S = Math.floor(Date.now() / 1000);

/** A stored sample as the agent writes it, with the parts compliance does not read left in for realism. */
function sample(f: SampleFacts) {
  return {
    v: 1,
    ts: NOW_S,
    host: "h",
    kernel: f.kernel ?? "6.1.0-26-amd64",
    ...(f.kernelInstalled !== undefined ? { kernelInstalled: f.kernelInstalled } : {}),
    os: "Debian GNU/Linux 12 (bookworm)",
    uptimeSec: 1000,
    disks: [{ mount: "/", fs: "/dev/sda1", sizeKb: 1, usedKb: 1, availKb: 0 }],
    updates: { pending: f.pending, security: f.security === undefined ? 0 : f.security, source: "apt", checkedAt: NOW_S - 180 },
    rebootRequired: f.reboot ?? false,
  };
}

const get = (qs = "") => callRoute(complianceRoute.GET as RouteHandler, "GET", `/api/v1/compliance${qs}`, { session: viewer });
const names = (body: { servers: { name: string }[] }) => body.servers.map((s) => s.name);

beforeAll(async () => {
  t = await createTestDatabase();
  await installTestRuntime(t.db);
  viewer = (await seedUser(t.db, "VIEWER")).session;
  fra = (await t.db.site.create({ data: { name: "fra1" } })).id;
  const lon = (await t.db.site.create({ data: { name: "lon1" } })).id;
  const seed: [string, string | null, string[], ReturnType<typeof sample> | null][] = [
    ["db-a", fra, ["db"], sample({ pending: 12, security: 3, reboot: true })],
    ["db-b", fra, ["db"], sample({ pending: 4, security: 4 })],
    ["web-1", fra, ["web"], sample({ pending: 7 })],
    ["web-2", lon, ["web"], sample({ pending: 0 })],
    ["web-3", lon, ["web", "edge"], sample({ pending: 0, kernelInstalled: "6.1.0-28-amd64" })],
    ["new-1", null, [], null],
    ["odd-1", lon, [], sample({ pending: null, security: null })],
  ];
  for (const [name, siteId, tags, s] of seed) {
    ids[name] = (await t.db.server.create({ data: { name, address: "127.0.0.1", siteId, tags, state: "UP", lastSample: s ?? undefined, lastSampleAt: s ? new Date() : null } })).id;
  }
  await t.db.server.create({ data: { name: "off-1", address: "127.0.0.1", enabled: false, lastSample: sample({ pending: 99, security: 99 }) } });
  groupId = (
    await t.db.redundancyGroup.create({
      data: { name: "pg-fra1", mode: "ACTIVE_PASSIVE", minHealthy: 1, members: { create: [{ serverId: ids["db-a"]!, role: "PRIMARY" }, { serverId: ids["db-b"]!, role: "STANDBY" }] } },
    })
  ).id;
});
afterAll(async () => {
  await t?.drop();
});

describe("GET /api/v1/compliance", () => {
  it("lists every enabled server worst first with its facts and status", async () => {
    const r = await get();
    expect(r.status).toBe(200);
    // db-b and db-a: SECURITY 4 and REBOOT with 3 security; web-3 needs a reboot for its new kernel (0 security).
    expect(names(r.body)).toEqual(["db-b", "db-a", "web-3", "web-1", "new-1", "odd-1", "web-2"]);
    const dbA = r.body.servers.find((s: { name: string }) => s.name === "db-a");
    expect(dbA).toMatchObject({
      status: "REBOOT",
      pendingUpdates: 12,
      securityUpdates: 3,
      rebootRequired: true,
      siteName: "fra1",
      tags: ["db"],
      groups: [{ id: groupId, name: "pg-fra1" }],
      os: "Debian GNU/Linux 12 (bookworm)",
      packageManager: "apt",
      kernelRunning: "6.1.0-26-amd64",
      kernelInstalled: null,
      checkedAt: new Date((NOW_S - 180) * 1000).toISOString(),
    });
    expect(r.body.servers.find((s: { name: string }) => s.name === "web-3")).toMatchObject({ status: "REBOOT", kernelInstalled: "6.1.0-28-amd64", rebootRequired: false });
    expect(r.body.servers.find((s: { name: string }) => s.name === "new-1")).toMatchObject({ status: "UNKNOWN", pendingUpdates: null, rebootRequired: null, os: null, groups: [] });
    expect(r.body.summary).toEqual({
      servers: 7,
      upToDate: 1,
      withUpdates: 3,
      withSecurity: 2,
      rebootRequired: 2,
      unknown: 2,
      pendingTotal: 23,
      securityTotal: 7,
      byStatus: { REBOOT: 2, SECURITY: 1, UPDATES: 1, UNKNOWN: 2, UP_TO_DATE: 1 },
    });
  });

  it("filters by site, group, tag and status, the summary counting only what is listed", async () => {
    const bySite = await get(`?siteId=${fra}`);
    expect(names(bySite.body)).toEqual(["db-b", "db-a", "web-1"]);
    expect(bySite.body.summary).toMatchObject({ servers: 3, upToDate: 0, rebootRequired: 1, pendingTotal: 23 });
    expect(names((await get(`?groupId=${groupId}`)).body)).toEqual(["db-b", "db-a"]);
    expect(names((await get("?tag=web")).body)).toEqual(["web-3", "web-1", "web-2"]);
    const reboot = await get("?status=REBOOT&tag=web");
    expect(names(reboot.body)).toEqual(["web-3"]);
    expect(reboot.body.summary).toMatchObject({ servers: 1, rebootRequired: 1, upToDate: 0 });
  });

  it("takes monitoring's live sample over the stored one: a server just patched shows up to date at once", async () => {
    const live = sample({ pending: 0, security: 0 });
    const r = await getCompliance(t.db, ZComplianceQuery.parse({}), (id) => (id === ids["web-1"] ? (live as unknown as TAgentSample) : undefined));
    expect(r.servers.find((x) => x.name === "web-1")).toMatchObject({ status: "UP_TO_DATE", pendingUpdates: 0 });
    // The others keep what was stored.
    expect(r.servers.find((x) => x.name === "db-b")).toMatchObject({ status: "SECURITY", pendingUpdates: 4 });
    expect(r.summary.upToDate).toBe(2);
  });

  it("sorts by name, pending and security when asked", async () => {
    expect(names((await get("?sort=name")).body)).toEqual(["db-a", "db-b", "new-1", "odd-1", "web-1", "web-2", "web-3"]);
    expect(names((await get("?sort=pending")).body).slice(0, 3)).toEqual(["db-a", "web-1", "db-b"]);
    expect(names((await get("?sort=security")).body).slice(0, 2)).toEqual(["db-b", "db-a"]);
  });

  it("rejects a bad filter with the field named, and strangers", async () => {
    const r = await get("?status=FINE&siteId=fra1");
    expect(r.status).toBe(400);
    expect(r.body.errors.map((e: { path: string }) => e.path).sort()).toEqual(["query.siteId", "query.status"]);
    const anon = await callRoute(complianceRoute.GET as RouteHandler, "GET", "/api/v1/compliance", {});
    expect(anon.status).toBe(401);
  });
});

describe("lastPatchedAt from stored samples", () => {
  const patchedAt = async (name: string) => (await t.db.server.findUniqueOrThrow({ where: { id: ids[name]! }, select: { lastPatchedAt: true } })).lastPatchedAt;
  const store = (name: string, at: Date, f: SampleFacts) => writeLatestSamples(t.db, [ids[name]!], [at], [JSON.stringify(sample(f))]);

  it("is set when pending first reaches zero after some, or when it was never set, and kept while it stays at zero", async () => {
    const t1 = new Date("2026-12-01T10:00:00Z");
    const t2 = new Date("2026-12-01T10:01:00Z");
    const t3 = new Date("2026-12-01T10:02:00Z");
    const t4 = new Date("2026-12-01T10:03:00Z");
    // web-1 had 7 pending: still some, nothing stamped.
    await store("web-1", t1, { pending: 2 });
    expect(await patchedAt("web-1")).toBeNull();
    await store("web-1", t2, { pending: 0 });
    expect(await patchedAt("web-1")).toEqual(t2);
    await store("web-1", t3, { pending: 0 });
    expect(await patchedAt("web-1")).toEqual(t2);
    // New updates appear, then get installed: a new stamp.
    await store("web-1", t3, { pending: 5 });
    expect(await patchedAt("web-1")).toEqual(t2);
    await store("web-1", t4, { pending: 0 });
    expect(await patchedAt("web-1")).toEqual(t4);
    // web-2 was at zero and never stamped: its first stored sample at zero stamps it.
    await store("web-2", t1, { pending: 0 });
    expect(await patchedAt("web-2")).toEqual(t1);
    // An unknown count stamps nothing.
    await store("odd-1", t1, { pending: null });
    expect(await patchedAt("odd-1")).toBeNull();
    // Several servers in one statement, each decided by its own previous sample.
    await writeLatestSamples(t.db, [ids["db-b"]!, ids["new-1"]!], [t4, t4], [JSON.stringify(sample({ pending: 0 })), JSON.stringify(sample({ pending: 3 }))]);
    expect(await patchedAt("db-b")).toEqual(t4);
    expect(await patchedAt("new-1")).toBeNull();

    const listed = await get("?sort=name");
    expect(listed.body.servers.find((s: { name: string }) => s.name === "web-1").lastPatchedAt).toBe(t4.toISOString());
  });
});
