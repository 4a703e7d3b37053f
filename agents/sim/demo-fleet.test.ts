import { describe, expect, it } from "vitest";
import { demoFleetSpec } from "./demo-fleet";
import { generatedFleetSpec } from "./generated-fleet";

describe("demoFleetSpec", () => {
  const hosts = demoFleetSpec();

  it("is about two dozen uniquely named and addressed servers in three sites", () => {
    expect(hosts.length).toBe(27);
    expect(new Set(hosts.map((h) => h.name)).size).toBe(hosts.length);
    expect(new Set(hosts.map((h) => h.address)).size).toBe(hosts.length);
    for (const h of hosts) expect(h.address).toMatch(/^127\.21\.\d+\.\d+$/);
    expect([...new Set(hosts.map((h) => h.site))].sort()).toEqual(["ams1", "fra1", "lon1"]);
  });

  it("has per site a database pair and a web pool of 3-4 behind a load balancer", () => {
    for (const site of ["fra1", "ams1", "lon1"]) {
      const inSite = hosts.filter((h) => h.site === site);
      const pg = hosts.filter((h) => h.group === `pg-${site}`);
      expect(pg.filter((h) => h.role === "primary" && h.site === site)).toHaveLength(1);
      expect(pg.filter((h) => h.role === "standby" && h.site === site)).toHaveLength(1);
      for (const h of pg) expect(h.services).toContain("postgresql");
      const webs = inSite.filter((h) => h.role === "web");
      expect(webs.length).toBeGreaterThanOrEqual(3);
      expect(webs.length).toBeLessThanOrEqual(4);
      for (const h of webs) expect(h.services).toContain("nginx");
      expect(inSite.filter((h) => h.role === "lb" && h.group === `web-${site}`)).toHaveLength(1);
    }
  });

  it("keeps the addresses it always had, and ends each site with its hypervisor", () => {
    const at = (name: string) => hosts.find((h) => h.name === name)?.address;
    expect(at("db-fra1-a")).toBe("127.21.1.1");
    expect(at("backup-fra1")).toBe("127.21.1.8");
    expect(at("ci-ams1")).toBe("127.21.2.8");
    expect(at("bastion-lon1")).toBe("127.21.3.8");
    for (const [site, address] of [["fra1", "127.21.1.9"], ["ams1", "127.21.2.9"], ["lon1", "127.21.3.9"]] as const) {
      const inSite = hosts.filter((h) => h.site === site);
      expect(inSite.at(-1)).toMatchObject({ name: `hv-${site}`, role: "hypervisor", services: ["libvirtd"], address });
      expect(inSite.at(-1)!.group).toBeUndefined();
    }
  });

  it("has a cross-site DR standby and stand-alone servers", () => {
    const dr = hosts.filter((h) => h.role === "standby" && h.group !== `pg-${h.site}`);
    expect(dr.length).toBeGreaterThanOrEqual(1);
    const alone = hosts.filter((h) => !h.group);
    expect(alone.map((h) => h.role).sort()).toEqual(expect.arrayContaining(["backup", "bastion", "monitoring"]));
  });
});

describe("generatedFleetSpec", () => {
  it("names sim-00001... on 127.20.x.y, 254 per block, pairs of databases", () => {
    const hosts = generatedFleetSpec(600);
    expect(hosts[0]).toMatchObject({ name: "sim-00001", address: "127.20.0.1", role: "primary" });
    expect(hosts[1]).toMatchObject({ name: "sim-00002", address: "127.20.0.2", role: "standby", group: "pg-sim-00001" });
    expect(hosts[254]!.address).toBe("127.20.1.1");
    expect(new Set(hosts.map((h) => h.address)).size).toBe(600);
    expect(() => generatedFleetSpec(0)).toThrow();
  });
});
