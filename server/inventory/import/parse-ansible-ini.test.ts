import { describe, expect, it } from "vitest";
import { parseAnsibleIni, parseIniValue, splitHostLine } from "./parse-ansible-ini";
import { hostNamed as host, parseErrorOf } from "./parse-test-helpers";

const parseError = (content: string) => parseErrorOf(parseAnsibleIni, content);

describe("parseAnsibleIni", () => {
  it("reads the Ansible documentation's basic example, with ungrouped hosts first", () => {
    const inv = parseAnsibleIni(`mail.example.com

[webservers]
foo.example.com
bar.example.com

[dbservers]
one.example.com
two.example.com
three.example.com
`);
    expect(inv.hosts.map((h) => h.name)).toEqual(["mail.example.com", "foo.example.com", "bar.example.com", "one.example.com", "two.example.com", "three.example.com"]);
    expect(host(inv, "mail.example.com").groups).toEqual([]);
    expect(host(inv, "foo.example.com").groups).toEqual(["webservers"]);
    expect(inv.groups).toEqual(["dbservers", "webservers"]);
    expect(inv.warnings).toEqual([]);
  });

  const nested = `
# Atlanta and Raleigh make up the south-east
[atlanta]
host1 http_port=80 maxRequestsPerChild=808
host2:2222 ansible_host=192.0.2.50 ansible_user="deploy user"   # the old box

[raleigh]
host2
host3 ansible_port=2201

[southeast:children]
atlanta
raleigh

[southeast:vars]
some_server=foo.southeast.example.com
halon_system_timeout = 30
ansible_port=2200
escape_pods='2'

[usa:children]
southeast
northeast

[northeast]
www[01:03].example.com
db-[a:c].example.com

[all:vars]
ansible_user=ops
ntp_server=ntp.example.com
`;

  it("resolves children and group vars by depth, host vars winning", () => {
    const inv = parseAnsibleIni(nested);
    const h1 = host(inv, "host1");
    expect(h1.groups).toEqual(["atlanta", "southeast", "usa"]);
    expect(h1.vars).toMatchObject({ http_port: 80, maxRequestsPerChild: 808, ansible_port: 2200, halon_system_timeout: 30, escape_pods: "2", ansible_user: "ops", ntp_server: "ntp.example.com" });

    const h2 = host(inv, "host2");
    expect(h2.groups).toEqual(["atlanta", "raleigh", "southeast", "usa"]);
    // host2:2222 on its line beats [southeast:vars] ansible_port=2200; quotes group words.
    expect(h2.vars).toMatchObject({ ansible_host: "192.0.2.50", ansible_port: 2222, ansible_user: "deploy user" });

    expect(host(inv, "host3").vars.ansible_port).toBe(2201);
    expect(inv.groups).toEqual(["atlanta", "northeast", "raleigh", "southeast", "usa"]);
  });

  it("expands numeric ranges with their width and letter ranges", () => {
    const inv = parseAnsibleIni(nested);
    const names = inv.hosts.map((h) => h.name);
    expect(names).toEqual(expect.arrayContaining(["www01.example.com", "www02.example.com", "www03.example.com", "db-a.example.com", "db-b.example.com", "db-c.example.com"]));
    expect(host(inv, "www02.example.com").groups).toEqual(["northeast", "usa"]);
    expect(host(inv, "db-c.example.com").vars.ansible_user).toBe("ops");
  });

  it("merges a host listed in several groups into one host", () => {
    const inv = parseAnsibleIni("[a]\nweb1 x=1\n[b]\nweb1 y=2\n");
    expect(inv.hosts).toHaveLength(1);
    expect(inv.hosts[0]).toMatchObject({ name: "web1", groups: ["a", "b"], vars: { x: 1, y: 2 } });
  });

  it("takes ports from host:port, bracketed IPv6 and leaves bare IPv6 alone", () => {
    const inv = parseAnsibleIni("[g]\nbadwolf.example.com:5309\n[2001:db8::7]:2222\n2001:db8::8\n10.0.0.1:22 ansible_port=2022\n");
    expect(host(inv, "badwolf.example.com").vars.ansible_port).toBe(5309);
    expect(host(inv, "2001:db8::7").vars.ansible_port).toBe(2222);
    expect(host(inv, "2001:db8::8").vars.ansible_port).toBeUndefined();
    expect(host(inv, "10.0.0.1").vars.ansible_port).toBe(2022);
  });

  it("handles CRLF line endings, a BOM, ; and # comments", () => {
    const inv = parseAnsibleIni("\uFEFF; a comment\r\n[web] # the web tier\r\n  web1   # first\r\n#web2\r\nweb3 ansible_host=10.0.0.3 # third\r\n");
    expect(inv.hosts.map((h) => [h.name, h.vars])).toEqual([
      ["web1", {}],
      ["web3", { ansible_host: "10.0.0.3" }],
    ]);
  });

  it("defines a group by its children section, and accepts vars for it", () => {
    const inv = parseAnsibleIni("[prod:vars]\nenv=prod\n[prod:children]\nweb\n[web]\nweb1\n");
    expect(host(inv, "web1")).toMatchObject({ groups: ["prod", "web"], vars: { env: "prod" } });
  });

  it("reads values as Ansible's literal_eval would for common cases", () => {
    expect(parseIniValue("2222")).toBe(2222);
    expect(parseIniValue(" 'quoted' ")).toBe("quoted");
    expect(parseIniValue('"a \\"b\\""')).toBe('a "b"');
    expect(parseIniValue("True")).toBe(true);
    expect(parseIniValue("10.0.0.1")).toBe("10.0.0.1");
    expect(parseIniValue("1.5")).toBe(1.5);
    expect(parseIniValue("None")).toBeNull();
  });

  it("splits host lines like shlex: quotes, escapes, comments only at a word's start", () => {
    expect(splitHostLine(`h a="b c" d='e f' g=h\\ i j=k#l # rest`, 1)).toEqual(["h", "a=b c", "d=e f", "g=h i", "j=k#l"]);
  });

  it.each([
    ["[web:foo]\nweb1\n", 1, /unknown type "foo"/],
    ["[web servers]\nweb1\n", 1, /not a valid section header/],
    ["[web]\nweb1 novalue\n", 2, /expected key=value after host web1, got "novalue"/],
    ["[web]\nweb1 a='open\n", 2, /unclosed ' quote/],
    ["[prod:children]\nweb\n", 2, /names group web, which is not defined anywhere/],
    ["[ghost:vars]\nx=1\n[web]\nweb1\n", 1, /group ghost, which is not defined anywhere/],
    ["[web:vars]\njust words\n[web]\nw\n", 2, /expected key=value in \[web:vars\]/],
    ["[web]\nweb[3:1]\n", 2, /begin <= end/],
    ["[web]\nweb[01:3]\n", 2, /equal length/],
    ["[web]\nweb[1:3\n", 2, /unclosed range/],
    ["[web]\nweb[a:3]\n", 2, /numbers or single letters/],
    ["[web]\nweb[1:3:0]\n", 2, /positive whole number/],
    ["[web]\nhost:70000\n", 2, /port 70000/],
  ])("refuses %j at line %i", (content, line, message) => {
    const e = parseError(content);
    expect(e.line).toBe(line);
    expect(e.message).toMatch(message);
    expect(e.message).toMatch(new RegExp(`^line ${line}: `));
  });

  it("refuses groups that contain each other", () => {
    const e = parseError("[a:children]\nb\n[b:children]\na\n[a]\nh\n");
    expect(e.message).toMatch(/cycle: (a → b → a|b → a → b)/);
  });

  it("refuses more than 10,000 hosts however they are written", () => {
    expect(() => parseAnsibleIni("[g]\nh[0:20000]\n")).toThrow(/more than 10000 hosts/);
    expect(() => parseAnsibleIni("[g]\nh[0:99]x[0:99]y[0:9]\n")).toThrow(/more than 10000 hosts/);
  });
});
