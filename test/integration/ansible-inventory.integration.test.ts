// The real `ansible-inventory` reads the demo fleet through
// integrations/ansible/tandem-inventory (sh + curl) from Tandem's API served
// over real HTTP, with a viewer API token.
import { execFile } from "node:child_process";
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { GET as inventoryRoute } from "../../app/api/v1/inventory/ansible/route";
import { startDemo } from "../../server/demo/start-demo";
import { DEFAULT_SIM_PASSWORD } from "../../agents/sim/sim-fleet";
import { createTestDatabase, installTestRuntime, type TestDatabase } from "./database";
import { log } from "./failover-pair";
import { serveRoutes, type RouteServer } from "./route-server";
import { seedApiToken } from "./users";

const SCRIPT = path.resolve(import.meta.dirname, "../../integrations/ansible/tandem-inventory");
const cleanup: (() => Promise<unknown>)[] = [];
let t: TestDatabase;
let http: RouteServer;
let env: NodeJS.ProcessEnv;

type Inventory = { _meta: { hostvars: Record<string, Record<string, unknown>> }; all: { children: string[] } } & Record<string, { hosts?: string[]; children?: string[] }>;

// Asynchronous: the API answering the script runs in this very process.
function run(cmd: string, args: string[], extraEnv: Partial<NodeJS.ProcessEnv> = {}): Promise<{ status: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(cmd, args, { env: { ...env, ...extraEnv }, encoding: "utf8", timeout: 60_000 }, (err, stdout, stderr) =>
      resolve({ status: err ? (typeof err.code === "number" ? err.code : null) : 0, stdout, stderr }),
    );
  });
}

beforeAll(async () => {
  if (!existsSync("/usr/bin/ansible-inventory")) throw new Error("/usr/bin/ansible-inventory is missing: apt-get install -y ansible");
  if (!existsSync("/usr/bin/curl")) throw new Error("/usr/bin/curl is missing: apt-get install -y curl");
  t = await createTestDatabase();
  cleanup.push(() => t.drop());
  const rt = await installTestRuntime(t.db);
  const sim = await startDemo(t.db, rt.secretBox, log, 2882);
  cleanup.push(() => sim.stop());
  http = await serveRoutes({ "GET /api/v1/inventory/ansible": inventoryRoute });
  cleanup.push(() => http.close());
  const home = mkdtempSync(path.join(tmpdir(), "tandem-ansible-"));
  cleanup.push(async () => rmSync(home, { recursive: true, force: true }));
  env = {
    NODE_ENV: "test",
    PATH: process.env.PATH,
    HOME: home,
    ANSIBLE_LOCAL_TEMP: path.join(home, "tmp"),
    ANSIBLE_NOCOLOR: "1",
    TANDEM_URL: http.url,
    TANDEM_TOKEN: await seedApiToken(t.db, "VIEWER"),
  };
}, 60_000);

afterAll(async () => {
  for (const fn of cleanup.reverse()) await fn().catch(() => undefined);
});

describe("Ansible dynamic inventory", () => {
  it("ansible-inventory --list shows every demo server with how to reach it, in its site, group, role and tag groups", async () => {
    const r = await run("ansible-inventory", ["-i", SCRIPT, "--list"]);
    expect(r.stderr).toBe("");
    expect(r.status).toBe(0);
    const inv = JSON.parse(r.stdout) as Inventory;

    const servers = await t.db.server.findMany({
      include: { site: true, credential: { select: { username: true } }, memberships: { include: { group: true } } },
    });
    expect(servers.length).toBeGreaterThan(5);
    expect(Object.keys(inv._meta.hostvars).sort()).toEqual(servers.map((s) => s.name).sort());
    for (const s of servers) {
      const vars = inv._meta.hostvars[s.name]!;
      expect(vars).toMatchObject({ ansible_host: s.address, ansible_port: s.port, ansible_user: s.credential!.username, tandem_id: s.id, tandem_site: s.site?.name ?? null });
      expect(vars.tandem_groups).toEqual(s.memberships.map((m) => m.group.name).sort());
      if (s.site) expect(inv[`site_${s.site.name.toLowerCase().replace(/[^a-z0-9_]/g, "_")}`]?.hosts).toContain(s.name);
      for (const m of s.memberships) {
        expect(inv[`group_${m.group.name.toLowerCase().replace(/[^a-z0-9_]/g, "_")}`]?.hosts).toContain(s.name);
        expect(inv[`role_${m.role.toLowerCase()}`]?.hosts).toContain(s.name);
      }
      for (const tag of s.tags) expect(inv[`tag_${tag.toLowerCase().replace(/[^a-z0-9_]/g, "_")}`]?.hosts).toContain(s.name);
    }
    for (const name of Object.keys(inv)) if (name !== "_meta") expect(name).toMatch(/^[a-z_][a-z0-9_]*$/);
    // No secret leaves Tandem: not the demo's SSH password, nor anything sealed.
    expect(r.stdout).not.toContain(DEFAULT_SIM_PASSWORD);
    expect(r.stdout).not.toMatch(/password|secret|private/i);
  });

  it("ansible-inventory --host and the script's --host give one server's variables", async () => {
    const one = await t.db.server.findFirstOrThrow({ orderBy: { name: "asc" } });
    const viaAnsible = await run("ansible-inventory", ["-i", SCRIPT, "--host", one.name]);
    expect(viaAnsible.status).toBe(0);
    expect(JSON.parse(viaAnsible.stdout)).toMatchObject({ ansible_host: one.address, ansible_port: one.port, tandem_id: one.id });
    const viaScript = await run(SCRIPT, ["--host", one.name]);
    expect(viaScript.status).toBe(0);
    expect(JSON.parse(viaScript.stdout)).toMatchObject({ ansible_host: one.address, tandem_id: one.id });
    expect(JSON.parse((await run(SCRIPT, ["--host", "no-such-server"])).stdout)).toEqual({});
  });

  it("the script fails clearly without a URL or with a bad token", async () => {
    const noUrl = await run(SCRIPT, ["--list"], { TANDEM_URL: "" });
    expect(noUrl.status).not.toBe(0);
    expect(noUrl.stderr).toContain("TANDEM_URL");
    const badToken = await run(SCRIPT, ["--list"], { TANDEM_TOKEN: "tdm_not-a-token" });
    expect(badToken.status).not.toBe(0);
    expect(badToken.stderr).toContain("401");
    expect((await run(SCRIPT, [])).status).toBe(2);
  });
});
