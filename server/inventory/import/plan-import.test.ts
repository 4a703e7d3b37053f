import { describe, expect, it } from "vitest";
import { planImport, type ExistingServer, type PlanContext } from "./plan-import";
import type { InventoryHost } from "./ansible-inventory";

const h = (name: string, vars: Record<string, unknown> = {}, groups: string[] = []): InventoryHost => ({ name, vars, groups });
const server = (o: Partial<ExistingServer> & { name: string }): ExistingServer => ({
  id: `id-${o.name}`,
  address: o.name,
  port: 22,
  tags: [],
  siteId: null,
  credentialId: null,
  hostKeyFingerprint: null,
  ...o,
});
const ctx = (o: Partial<PlanContext> = {}): PlanContext => ({ existing: [], sites: [], credential: null, siteFromGroup: false, ...o });

describe("planImport", () => {
  it("creates new hosts with address, port and tags from groups", () => {
    const [p] = planImport([h("web1.example.com", { ansible_host: "10.0.0.1", ansible_port: "2222" }, ["Web_Tier", "prod"])], ctx());
    expect(p).toMatchObject({ name: "web1.example.com", action: "create", address: "10.0.0.1", port: 2222, tags: ["web_tier", "prod"], site: null, reason: null });
  });

  it("uses the name as address and 22 as port by default, and the legacy ansible_ssh_* variables", () => {
    const [a, b] = planImport([h("db1"), h("db2", { ansible_ssh_host: "[2001:db8::2]", ansible_ssh_port: 2200 })], ctx());
    expect(a).toMatchObject({ address: "db1", port: 22 });
    expect(b).toMatchObject({ address: "2001:db8::2", port: 2200 });
  });

  it("skips hosts it cannot turn into servers, each with its reason", () => {
    const plan = planImport(
      [
        h("localhost", { ansible_connection: "local" }),
        h("bad name!"),
        h("2001:db8::1"),
        h("web1", { ansible_host: "not_a host" }),
        h("web2", { ansible_port: "ssh" }),
        h("web3", { ansible_port: 70000 }),
        h("ok", { ansible_connection: "ssh" }),
      ],
      ctx(),
    );
    expect(plan.map((p) => [p.name, p.action, p.reason])).toEqual([
      ["localhost", "skip", "ansible_connection=local is not SSH"],
      ["bad name!", "skip", expect.stringMatching(/Not a valid server name/)],
      ["2001:db8::1", "skip", expect.stringMatching(/Not a valid server name/)],
      ["web1", "skip", "Address not_a host is not a host name or an IP address"],
      ["web2", "skip", "ansible_port ssh is not a port (1-65535)"],
      ["web3", "skip", "ansible_port 70000 is not a port (1-65535)"],
      ["ok", "create", null],
    ]);
  });

  it("skips duplicates: the same endpoint twice, a name differing only in case, an endpoint another server owns", () => {
    const plan = planImport(
      [h("a", { ansible_host: "10.0.0.1" }), h("b", { ansible_host: "10.0.0.1" }), h("c", { ansible_host: "10.0.0.1", ansible_port: 2222 }), h("A"), h("d", { ansible_host: "10.9.9.9" })],
      ctx({ existing: [server({ name: "old", address: "10.9.9.9" })] }),
    );
    expect(plan.map((p) => [p.name, p.action, p.reason])).toEqual([
      ["a", "create", null],
      ["b", "skip", "Same address and port as a, earlier in this file"],
      ["c", "create", null],
      ["A", "skip", expect.stringMatching(/Same name as a, earlier in this file/)],
      ["d", "skip", "Already in Tandem as old (same address and port)"],
    ]);
  });

  it("updates a server of the same name (any case), adding tags and keeping hand-set ones", () => {
    const existing = [server({ name: "Web1", address: "10.0.0.1", tags: ["pet"], hostKeyFingerprint: "SHA256:x" })];
    const [p] = planImport([h("web1", { ansible_host: "10.0.0.2", ansible_port: 2222 }, ["web"])], ctx({ existing }));
    expect(p).toMatchObject({ name: "Web1", action: "update", serverId: "id-Web1", address: "10.0.0.2", port: 2222, tags: ["pet", "web"] });
    expect(p!.changes).toEqual(["address: 10.0.0.1 → 10.0.0.2", "port: 22 → 2222", "tags: + web"]);
    expect(p!.notes).toContain("The pinned host key is kept; reset it if this is now a different machine.");
  });

  it("reports unchanged servers as unchanged", () => {
    const existing = [server({ name: "web1", address: "10.0.0.1", tags: ["web"] })];
    const [p] = planImport([h("web1", { ansible_host: "10.0.0.1" }, ["web"])], ctx({ existing }));
    expect(p).toMatchObject({ action: "unchanged", changes: [] });
  });

  it("takes the site from a group whose name matches one, case-insensitively, only when asked", () => {
    const sites = [{ id: "s1", name: "FRA1" }, { id: "s2", name: "ams1" }];
    const hosts = [h("a", {}, ["fra1", "web"]), h("b", {}, ["fra1", "ams1"]), h("c", {}, ["web"])];
    expect(planImport(hosts, ctx({ sites })).map((p) => p.site)).toEqual([null, null, null]);
    const plan = planImport(hosts, ctx({ sites, siteFromGroup: true }));
    expect(plan.map((p) => p.site?.name ?? null)).toEqual(["FRA1", null, null]);
    expect(plan[1]!.notes).toEqual([expect.stringMatching(/Groups match several sites \(FRA1, ams1\)/)]);
  });

  it("moves an existing server to the matched site and credential, and says so", () => {
    const sites = [{ id: "s1", name: "fra1" }, { id: "s2", name: "ams1" }];
    const existing = [server({ name: "web1", siteId: "s2", credentialId: "c-old" })];
    const [p] = planImport([h("web1", {}, ["fra1"])], ctx({ existing, sites, siteFromGroup: true, credential: { id: "c1", name: "deploy", username: "deploy" } }));
    expect(p!.changes).toEqual(["tags: + fra1", "site: ams1 → fra1", "credential → deploy"]);
    expect(p!.site).toEqual({ id: "s1", name: "fra1" });
  });

  it("notes an ansible_user that differs from the credential's login, and groups that cannot be tags", () => {
    const [p] = planImport([h("web1", { ansible_user: "deploy" }, ["_private", "web"])], ctx({ credential: { id: "c1", name: "root-key", username: "root" } }));
    expect(p!.action).toBe("create");
    expect(p!.tags).toEqual(["web"]);
    expect(p!.notes).toEqual([
      "ansible_user is deploy, but credential root-key logs in as root.",
      expect.stringMatching(/^Group _private cannot be a tag/),
    ]);
  });

  it("keeps at most 32 tags", () => {
    const groups = Array.from({ length: 40 }, (_, i) => `g${i}`);
    const [p] = planImport([h("web1", {}, groups)], ctx());
    expect(p!.tags).toHaveLength(32);
    expect(p!.notes).toContain("More than 32 groups; only the first 32 become tags.");
  });
});
