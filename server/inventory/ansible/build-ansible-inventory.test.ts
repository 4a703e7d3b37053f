import { describe, expect, it } from "vitest";
import { buildAnsibleInventory, sanitizeGroupName, type InventoryServer } from "./build-ansible-inventory";

const server = (name: string, o: Partial<InventoryServer> = {}): InventoryServer => ({
  id: "0190a3c4-0000-7000-8000-000000000001",
  name,
  address: "10.0.0.5",
  port: 2222,
  username: "deploy",
  site: "eu-west-1",
  tags: [],
  enabled: true,
  state: "UP",
  memberships: [],
  ...o,
});

describe("Ansible inventory", () => {
  it("turns sites, groups, roles and tags into Ansible groups", () => {
    const inv = buildAnsibleInventory([
      server("db-1", { memberships: [{ group: "pg main", role: "PRIMARY" }], tags: ["prod", "pg-15"] }),
      server("db-2", { site: "us.east", memberships: [{ group: "pg main", role: "STANDBY" }], tags: ["prod"] }),
    ]);
    expect(inv.site_eu_west_1).toEqual({ hosts: ["db-1"] });
    expect(inv.site_us_east).toEqual({ hosts: ["db-2"] });
    expect(inv.group_pg_main).toEqual({ hosts: ["db-1", "db-2"] });
    expect(inv.role_primary).toEqual({ hosts: ["db-1"] });
    expect(inv.role_standby).toEqual({ hosts: ["db-2"] });
    expect(inv.tag_prod).toEqual({ hosts: ["db-1", "db-2"] });
    expect(inv.tag_pg_15).toEqual({ hosts: ["db-1"] });
    expect(inv.all!.children).toEqual(["group_pg_main", "role_primary", "role_standby", "site_eu_west_1", "site_us_east", "tag_pg_15", "tag_prod", "ungrouped"]);
  });

  it("gives each host how to reach it and what Tandem knows, and no secret", () => {
    const inv = buildAnsibleInventory([server("db-1", { memberships: [{ group: "pg", role: "PRIMARY" }, { group: "audit", role: "ACTIVE" }] })]);
    expect(inv._meta.hostvars["db-1"]).toEqual({
      ansible_host: "10.0.0.5",
      ansible_port: 2222,
      ansible_user: "deploy",
      tandem_id: "0190a3c4-0000-7000-8000-000000000001",
      tandem_site: "eu-west-1",
      tandem_groups: ["audit", "pg"],
      tandem_role: "ACTIVE",
      tandem_roles: { audit: "ACTIVE", pg: "PRIMARY" },
      tandem_tags: [],
      tandem_state: "UP",
      tandem_enabled: true,
    });
  });

  it("sanitises names into valid Ansible group names and keeps two that collide apart", () => {
    expect(sanitizeGroupName("Web-Frontend.EU")).toBe("web_frontend_eu");
    const inv = buildAnsibleInventory([server("a", { tags: ["web-1"] }), server("b", { tags: ["web.1"] })]);
    expect(inv.tag_web_1).toEqual({ hosts: ["a"] });
    expect(inv.tag_web_1_2).toEqual({ hosts: ["b"] });
    for (const name of Object.keys(inv)) if (name !== "_meta") expect(name).toMatch(/^[a-z_][a-z0-9_]*$/);
  });

  it("puts a server with no site, group or tag in ungrouped, a disabled one in tandem_disabled too", () => {
    const inv = buildAnsibleInventory([server("lone", { site: null, username: null }), server("off", { enabled: false })]);
    expect(inv.ungrouped).toEqual({ hosts: ["lone"] });
    expect(inv.tandem_disabled).toEqual({ hosts: ["off"] });
    expect(inv._meta.hostvars.lone).not.toHaveProperty("ansible_user");
  });
});
