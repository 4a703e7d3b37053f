import { describe, expect, it } from "vitest";
import { parseAnsibleYaml } from "./parse-ansible-yaml";
import { hostNamed as host, parseErrorOf } from "./parse-test-helpers";

const parseError = (content: string) => parseErrorOf(parseAnsibleYaml, content);

describe("parseAnsibleYaml", () => {
  it("reads the Ansible documentation's example with nested children", () => {
    const inv = parseAnsibleYaml(`
all:
  hosts:
    mail.example.com:
  children:
    webservers:
      hosts:
        foo.example.com:
        bar.example.com:
    dbservers:
      hosts:
        one.example.com:
        two.example.com:
        three.example.com:
    east:
      hosts:
        foo.example.com:
        one.example.com:
        two.example.com:
    west:
      hosts:
        bar.example.com:
        three.example.com:
    prod:
      children:
        east:
    test:
      children:
        west:
`);
    expect(inv.hosts).toHaveLength(6);
    expect(host(inv, "mail.example.com").groups).toEqual([]);
    expect(host(inv, "foo.example.com").groups).toEqual(["east", "prod", "webservers"]);
    expect(host(inv, "three.example.com").groups).toEqual(["dbservers", "test", "west"]);
    expect(inv.groups).toEqual(["dbservers", "east", "prod", "test", "webservers", "west"]);
    expect(inv.warnings).toEqual([]);
  });

  it("applies vars by depth, host vars last, and keeps YAML types", () => {
    const inv = parseAnsibleYaml(`
all:
  vars:
    ansible_user: ops
    ansible_port: 22
  children:
    db:
      vars:
        ansible_port: 2200
        replicas: [a, b]
      hosts:
        db1:
          ansible_host: 10.0.0.11
        db2:
          ansible_host: 10.0.0.12
          ansible_port: 2222
          ansible_user: postgres
`);
    expect(host(inv, "db1").vars).toEqual({ ansible_user: "ops", ansible_port: 2200, replicas: ["a", "b"], ansible_host: "10.0.0.11" });
    expect(host(inv, "db2").vars).toMatchObject({ ansible_port: 2222, ansible_user: "postgres" });
  });

  it("expands ranges and host:port keys, and accepts other top-level groups", () => {
    const inv = parseAnsibleYaml(`
web:
  hosts:
    www[01:02].example.com:
    "[2001:db8::1]:2201":
    lb.example.com:8022:
      role: lb
`);
    expect(inv.hosts.map((h) => h.name)).toEqual(["www01.example.com", "www02.example.com", "2001:db8::1", "lb.example.com"]);
    expect(host(inv, "2001:db8::1").vars.ansible_port).toBe(2201);
    expect(host(inv, "lb.example.com").vars).toEqual({ ansible_port: 8022, role: "lb" });
    expect(host(inv, "www01.example.com").groups).toEqual(["web"]);
  });

  it("accepts a bare name for a one-entry section, and anchors for shared vars", () => {
    const inv = parseAnsibleYaml(`
all:
  children:
    app:
      hosts: app1
    cache:
      hosts:
        c1: &defaults
          ansible_port: 2022
        c2: *defaults
`);
    expect(host(inv, "app1").groups).toEqual(["app"]);
    expect(host(inv, "c2").vars.ansible_port).toBe(2022);
  });

  it("skips what Ansible skips, with a warning", () => {
    const inv = parseAnsibleYaml(`
all:
  hosts:
    h1:
  notes: this is not a section
broken: [a, b]
`);
    expect(inv.hosts.map((h) => h.name)).toEqual(["h1"]);
    expect(inv.warnings).toEqual([expect.stringMatching(/Skipped key "notes" in group all \(line 5\)/), expect.stringMatching(/Skipped "broken" \(line 6\)/)]);
  });

  it("keeps vault-encrypted values as text and passes the YAML warning on", () => {
    const inv = parseAnsibleYaml("all:\n  hosts:\n    db1:\n      secret: !vault |\n        $ANSIBLE_VAULT;1.1;AES256\n        6162\n");
    expect(typeof inv.hosts[0]!.vars.secret).toBe("string");
    expect(inv.warnings).toEqual([expect.stringMatching(/^Line 4: .*vault/)]);
  });

  it("merges a host repeated across groups", () => {
    const inv = parseAnsibleYaml("a:\n  hosts:\n    h: {x: 1}\nb:\n  hosts:\n    h: {y: 2}\n");
    expect(inv.hosts).toEqual([{ name: "h", vars: { x: 1, y: 2 }, groups: ["a", "b"] }]);
  });

  it.each([
    ["all:\n  hosts:\n    h1:\n   bad: indent\n", /not valid YAML/],
    ["all:\n  hosts:\n    h1:\n    h1:\n", /not valid YAML.*[Uu]nique/],
    ["- web1\n- web2\n", /must be a mapping of groups/],
    ["", /holds no inventory/],
    ["all:\n  hosts:\n    - web1\n", /"hosts" of group all must be a mapping/],
    ["all:\n  hosts:\n    web1: 22\n", /variables of host web1 must be a mapping/],
    ["all:\n  vars: [1]\n", /vars of group all must be a mapping/],
    ["all:\n  hosts:\n    web[9:1]:\n", /begin <= end/],
    ["a:\n  children:\n    b:\n      children:\n        a:\n", /cycle/],
  ])("refuses %j", (content, message) => {
    expect(parseError(content).message).toMatch(message);
  });

  it("names the line of a YAML syntax error", () => {
    const e = parseError("all:\n  hosts:\n    h1:\n    h1:\n");
    expect(e.line).toBe(4);
  });

  it("names the line of a structural problem", () => {
    const e = parseError("all:\n  children:\n    web:\n      hosts:\n        web1: [1, 2]\n");
    expect(e.line).toBe(5);
    expect(e.message).toMatch(/^line 5: /);
  });
});
