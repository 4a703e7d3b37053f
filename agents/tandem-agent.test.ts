// The real agent on this machine: its output must validate and agree with /proc.
import { spawn, spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync, mkdirSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { agentPath } from "../server/agent/agent-command";

const AGENT_PATH = agentPath();
import { ZAgentSample, type TAgentSample } from "../server/agent/agent-sample.types";

const MDSTAT_FIXTURE = path.resolve(import.meta.dirname, "fixtures/mdstat");

let tmp: string;
let cache: string;
beforeAll(() => {
  tmp = mkdtempSync(path.join(tmpdir(), "tandem-agent-test-"));
  // A fresh updates cache, so no run starts the background package-manager check.
  cache = path.join(tmp, "cache");
  mkdirSync(cache);
  writeFileSync(path.join(cache, "updates"), `at=${Math.floor(Date.now() / 1000)}\npending=7\nsecurity=2\nsource=apt\nkernel=6.1.0-99-amd64\n`);
});
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

/** Each awk the agent may meet: Debian and Ubuntu default to mawk, RHEL to gawk. */
const awks = ["/usr/bin/gawk", "/usr/bin/mawk", "/usr/bin/original-awk"].filter((p) => existsSync(p));
if (awks.length === 0) awks.push("awk");

function env(awk: string, extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  let PATH = process.env.PATH ?? "/usr/bin:/bin";
  if (awk !== "awk") {
    const bin = path.join(tmp, `bin-${path.basename(awk)}`);
    if (!existsSync(bin)) {
      mkdirSync(bin);
      symlinkSync(awk, path.join(bin, "awk"));
    }
    PATH = `${bin}:${PATH}`;
  }
  return { ...process.env, PATH, TANDEM_AGENT_CACHE: cache, ...extra };
}

function run(args: string[], opts: { awk?: string; env?: Record<string, string> } = {}) {
  const r = spawnSync("sh", [AGENT_PATH, ...args], { env: env(opts.awk ?? "awk", opts.env), encoding: "utf8", timeout: 10_000 });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

function sample(args: string[] = [], opts: { awk?: string; env?: Record<string, string> } = {}): TAgentSample {
  const r = run(args, opts);
  expect(r.stderr).toBe("");
  expect(r.status).toBe(0);
  expect(r.stdout.endsWith("\n")).toBe(true);
  expect(r.stdout.trim().split("\n")).toHaveLength(1);
  return ZAgentSample.parse(JSON.parse(r.stdout));
}

const meminfo = (key: string) => Number(new RegExp(`^${key}:\\s+(\\d+)`, "m").exec(readFileSync("/proc/meminfo", "utf8"))?.[1]);
const loadavg = () => readFileSync("/proc/loadavg", "utf8").split(" ").slice(0, 3).map(Number);

describe.each(awks)("tandem-agent with %s", (awk) => {
  it("prints a valid sample that agrees with /proc", () => {
    const before = loadavg();
    const s = sample([], { awk });
    const after = loadavg();

    expect(s.v).toBe(1);
    expect(Math.abs(s.ts - Date.now() / 1000)).toBeLessThan(3);
    expect(s.memKb.total).toBe(meminfo("MemTotal"));
    expect(s.swapKb.total).toBe(meminfo("SwapTotal"));
    const cpuLines = readFileSync("/proc/stat", "utf8").split("\n").filter((l) => /^cpu\d+ /.test(l));
    expect(s.cpu.count).toBe(cpuLines.length);
    expect(s.cpu.jiffies.reduce((a, b) => a + b, 0)).toBeGreaterThan(0);
    // The kernel refreshes the load every 5 s: it is the value from just before or just after.
    expect([JSON.stringify(before), JSON.stringify(after)]).toContain(JSON.stringify(s.load));
    const uptime = Number(readFileSync("/proc/uptime", "utf8").split(" ")[0]);
    expect(Math.abs(s.uptimeSec - uptime)).toBeLessThan(3);
    expect(s.host).toBe(readFileSync("/proc/sys/kernel/hostname", "utf8").trim());
    expect(s.kernel).toBe(readFileSync("/proc/sys/kernel/osrelease", "utf8").trim());

    const root = s.disks.find((d) => d.mount === "/");
    expect(root).toBeDefined();
    expect(root!.sizeKb).toBeGreaterThan(0);
    expect(root!.usedKb + root!.availKb).toBeLessThanOrEqual(root!.sizeKb);

    const ifaces = readFileSync("/proc/net/dev", "utf8").split("\n").slice(2)
      .map((l) => l.split(":")[0]!.trim()).filter((n) => n && n !== "lo");
    expect(s.net.map((n) => n.if).sort()).toEqual(ifaces.sort());
    expect(s.updates).toMatchObject({ pending: 7, security: 2, source: "apt" });
    expect(s.kernelInstalled).toBe("6.1.0-99-amd64");
    expect(s.replicationLagSec).toBeNull();
    expect(s.services).toEqual([]);
  });

  it("reports the state of each --service, in order", () => {
    const pid1 = readFileSync("/proc/1/comm", "utf8").trim();
    const s = sample(["--service", "no-such-service-xyz", "--service", pid1], { awk });
    expect(s.services.map((x) => x.name)).toEqual(["no-such-service-xyz", pid1]);
    for (const svc of s.services) expect(svc.state).toMatch(/^[a-z-]+$/);
    expect(s.services[0]!.state).not.toBe("active");
  });

  it("reports the lag probe's output", () => {
    expect(sample(["--lag-cmd", "echo 4.5"], { awk }).replicationLagSec).toBe(4.5);
    expect(sample(["--lag-cmd", "printf '007\\nnoise\\n'"], { awk }).replicationLagSec).toBe(7);
    expect(sample(["--lag-cmd", "echo not-a-number"], { awk }).replicationLagSec).toBeNull();
    expect(sample(["--lag-cmd", "exit 1"], { awk }).replicationLagSec).toBeNull();
  });

  it("reads RAID arrays from mdstat", () => {
    const s = sample([], { awk, env: { TANDEM_AGENT_MDSTAT: MDSTAT_FIXTURE } });
    expect(s.raid).toEqual([
      { name: "md1", level: "raid1", status: "U_", degraded: true },
      { name: "md0", level: "raid5", status: "UUU", degraded: false },
    ]);
  });

  it("reports the installed kernel as null when the cache does not know it", () => {
    const old = path.join(tmp, `cache-old-${path.basename(awk)}`);
    mkdirSync(old, { recursive: true });
    writeFileSync(path.join(old, "updates"), `at=${Math.floor(Date.now() / 1000)}\npending=0\nsecurity=0\nsource=dnf\n`);
    expect(sample([], { awk, env: { TANDEM_AGENT_CACHE: old } }).kernelInstalled).toBeNull();
    writeFileSync(path.join(old, "updates"), `at=${Math.floor(Date.now() / 1000)}\npending=0\nsecurity=0\nsource=dnf\nkernel=5.14.0-"x\\\n`);
    expect(sample([], { awk, env: { TANDEM_AGENT_CACHE: old } }).kernelInstalled).toBe('5.14.0-"x\\');
  });

  it("escapes hostile strings in its JSON", () => {
    const weird = path.join(tmp, "mdstat-weird");
    writeFileSync(weird, 'md"9\\x\t : active raid1 sda[0]\n      1 blocks [2/2] [UU]\n');
    expect(sample([], { awk, env: { TANDEM_AGENT_MDSTAT: weird } }).raid).toEqual([{ name: 'md"9\\x', level: "raid1", status: "UU", degraded: false }]);
  });
});

describe("tandem-agent arguments", () => {
  it.each([["x; rm -rf /"], ["$(id)"], ["-Hevil.example"], [""], ["a b"]])("refuses the service name %j with exit 2", (name) => {
    const r = run(["--service", name]);
    expect(r.status).toBe(2);
    expect(r.stdout).toBe("");
    expect(r.stderr).toMatch(/invalid service name/);
  });

  it("refuses unknown options and bad intervals", () => {
    expect(run(["--bogus"]).status).toBe(2);
    expect(run(["--interval", "0"]).status).toBe(2);
    for (const bad of ["0.0", ".5", "1.", "1.2.3", "-1"]) expect(run(["--interval", bad]).status, bad).toBe(2);
    expect(run(["--interval", "1; id"]).status).toBe(2);
    expect(run(["--version"]).stdout.trim()).toBe("1");
  });
});

describe("tandem-agent updates refresh", () => {
  it("writes the newest kernel in /lib/modules to the cache", async () => {
    const fresh = path.join(tmp, "cache-refresh");
    // No cache yet: the sample says updates unknown and starts the background refresh.
    expect(sample([], { env: { TANDEM_AGENT_CACHE: fresh } }).updates).toBeNull();
    const file = path.join(fresh, "updates");
    for (let i = 0; i < 300 && !(existsSync(file) && !existsSync(path.join(fresh, "updates.lock"))); i++) await new Promise((r) => setTimeout(r, 100));
    const newest = spawnSync("sh", ["-c", "ls -1 /lib/modules 2>/dev/null | sort -V | tail -n 1"], { encoding: "utf8" }).stdout.trim();
    expect(readFileSync(file, "utf8")).toMatch(new RegExp(`^kernel=${newest.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}$`, "m"));
    expect(sample([], { env: { TANDEM_AGENT_CACHE: fresh } }).kernelInstalled).toBe(newest || null);
  }, 40_000);
});

describe("tandem-agent stream mode", () => {
  it("prints one valid line per interval", () => {
    const r = run(["--interval", "1", "--count", "2"]);
    expect(r.status).toBe(0);
    const lines = r.stdout.trim().split("\n");
    expect(lines).toHaveLength(2);
    const [a, b] = lines.map((l) => ZAgentSample.parse(JSON.parse(l)));
    expect(b!.ts).toBeGreaterThanOrEqual(a!.ts);
  });

  it("streams at sub-second intervals", () => {
    const r = run(["--interval", "0.25", "--count", "3"]);
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout.trim().split("\n").map((l) => ZAgentSample.parse(JSON.parse(l)))).toHaveLength(3);
  });

  it("exits promptly once its output is closed", async () => {
    const child = spawn("sh", [AGENT_PATH, "--interval", "1"], { env: env("awk"), stdio: ["ignore", "pipe", "ignore"] });
    const exited = new Promise<number>((resolve) => child.once("exit", () => resolve(Date.now())));
    const firstLine = await new Promise<string>((resolve, reject) => {
      let buf = "";
      child.stdout!.on("data", (d: Buffer) => {
        buf += d.toString();
        if (buf.includes("\n")) resolve(buf.slice(0, buf.indexOf("\n")));
      });
      setTimeout(() => reject(new Error("no line within 5 s")), 5000);
    });
    ZAgentSample.parse(JSON.parse(firstLine));
    const closedAt = Date.now();
    child.stdout!.destroy();
    const timeout = new Promise<number>((resolve) => setTimeout(() => resolve(-1), 5000));
    const at = await Promise.race([exited, timeout]);
    if (at === -1) child.kill("SIGKILL");
    expect(at).not.toBe(-1);
    // At most one interval plus a sample.
    expect(at - closedAt).toBeLessThan(2500);
  });
});
