// The lab's network: real hosts as network namespaces on one bridge.
//
//   root namespace (Tandem, the traffic generator)  10.77.0.1 ── veth ──┐
//   "hypervisor" namespace tlab-hv: bridge br0, 10.77.0.2, its own sshd  │
//       ├── h-db1 ── eth0 of tlab-db1 10.77.0.11                          ┘
//       ├── h-db2 ── eth0 of tlab-db2 10.77.0.12   ...
//
// The bridge lives in the hypervisor, so fencing a host there is what a real
// hypervisor does to a guest: its link goes down (`ip link set h-db1 down`).
// Each host also gets its own PID and mount namespace (a private /proc), so
// its agent sees only its own processes: a crashed postgres on db1 is not
// hidden by db2's. The file system is shared; each host logs in as its own
// unix user with its own home (its agent copy, its PostgreSQL data).
import { spawn, type ChildProcess } from "node:child_process";
import { chmodSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import { run, sleep, waitFor, type RunResult } from "./sh";
import { sshBanner, sshdConfig } from "./sshd-config";

export const LAB_NET = "10.77.0";
export const TANDEM_ADDRESS = `${LAB_NET}.1`;
export const HYPERVISOR_ADDRESS = `${LAB_NET}.2`;
const PREFIX = "tlab-";
const UPLINK = "tlab0";

export type HostSpec = { name: string; octet: number; /** Log in as root (the hypervisor) rather than its own user. */ root?: boolean };

export type LabHost = {
  name: string;
  ns: string;
  address: string;
  user: string;
  home: string;
  /** The bridge-side interface in the hypervisor: what fencing takes down. */
  link: string;
  hostKeyFingerprint: string;
  /** Runs argv inside the host (its network, PID and mount namespaces), as root or as its user. */
  exec(argv: string[], o?: { asUser?: boolean; check?: boolean; input?: string; timeoutMs?: number }): Promise<RunResult>;
  /** Starts a long-running process inside the host. */
  spawn(argv: string[], o?: { asUser?: boolean }): ChildProcess;
  /** Kills everything in the host (its PID namespace's init): sshd, postgres, all. */
  crash(): Promise<void>;
  /** Starts the host's init (sshd) again after a crash. */
  boot(): Promise<void>;
  running(): boolean;
};

export type Lab = {
  dir: string;
  hosts: Record<string, LabHost>;
  /** The public key lines authorized on every host, and the private key Tandem logs in with. */
  clientKey: string;
  hv: LabHost;
  /** Cuts or restores a host's link at the hypervisor's bridge. */
  setLink(name: string, up: boolean): Promise<void>;
  destroy(): Promise<void>;
};

/** Removes what an earlier, interrupted run left: namespaces, the uplink, the NAT table, users. */
export async function cleanLeftovers(): Promise<void> {
  const list = await run(["ip", "netns", "list"], { check: false });
  for (const line of list.stdout.split("\n")) {
    const ns = line.split(" ")[0];
    if (ns?.startsWith(PREFIX)) await killNamespace(ns);
  }
  await run(["ip", "link", "del", UPLINK], { check: false });
  await run(["nft", "delete", "table", "ip", "tlab"], { check: false });
  const passwd = readFileSync("/etc/passwd", "utf8");
  for (const line of passwd.split("\n")) {
    const user = line.split(":")[0];
    if (user?.startsWith(PREFIX)) await run(["userdel", user], { check: false });
  }
}

async function killNamespace(ns: string): Promise<void> {
  const pids = await run(["ip", "netns", "pids", ns], { check: false });
  for (const pid of pids.stdout.split("\n").filter(Boolean)) {
    try {
      process.kill(Number(pid), "SIGKILL");
    } catch {
      /* already gone */
    }
  }
  await run(["ip", "netns", "del", ns], { check: false });
}


/** The pid of unshare's child: PID 1 of the host's PID namespace. */
async function initPidOf(unsharePid: number): Promise<number> {
  return waitFor("the host's init", () => {
    const file = `/proc/${unsharePid}/task/${unsharePid}/children`;
    if (!existsSync(file)) return null;
    const first = readFileSync(file, "utf8").trim().split(" ")[0];
    return first ? Number(first) : null;
  }, 5000, 20);
}

export async function createLab(dir: string, specs: HostSpec[]): Promise<Lab> {
  await cleanLeftovers();
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  chmodSync(dir, 0o755);
  mkdirSync("/run/sshd", { recursive: true, mode: 0o755 });
  await run(["ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-C", "tandem-lab", "-f", path.join(dir, "client_ed25519")]);
  const authorized = path.join(dir, "authorized_keys");
  writeFileSync(authorized, readFileSync(path.join(dir, "client_ed25519.pub")), { mode: 0o644 });

  // The hypervisor: the bridge, and the uplink from the root namespace.
  const hvNs = `${PREFIX}hv`;
  await run(["ip", "netns", "add", hvNs]);
  await run(["ip", "-n", hvNs, "link", "set", "lo", "up"]);
  await run(["ip", "-n", hvNs, "link", "add", "br0", "type", "bridge"]);
  await run(["ip", "-n", hvNs, "addr", "add", `${HYPERVISOR_ADDRESS}/24`, "dev", "br0"]);
  await run(["ip", "-n", hvNs, "link", "set", "br0", "up"]);
  await run(["ip", "link", "add", UPLINK, "type", "veth", "peer", "name", "uplink", "netns", hvNs]);
  await run(["ip", "addr", "add", `${TANDEM_ADDRESS}/24`, "dev", UPLINK]);
  await run(["ip", "link", "set", UPLINK, "up"]);
  await run(["ip", "-n", hvNs, "link", "set", "uplink", "master", "br0", "up"]);

  const hosts: Record<string, LabHost> = {};
  const hv = await createHost(dir, authorized, { name: "hv", octet: 2, root: true }, hvNs);
  for (const spec of specs) {
    const ns = `${PREFIX}${spec.name}`;
    const link = `h-${spec.name}`;
    await run(["ip", "netns", "add", ns]);
    await run(["ip", "-n", ns, "link", "set", "lo", "up"]);
    await run(["ip", "link", "add", link, "netns", hvNs, "type", "veth", "peer", "name", "eth0", "netns", ns]);
    await run(["ip", "-n", ns, "addr", "add", `${LAB_NET}.${spec.octet}/24`, "dev", "eth0"]);
    await run(["ip", "-n", ns, "link", "set", "eth0", "up"]);
    await run(["ip", "-n", hvNs, "link", "set", link, "master", "br0", "up"]);
    hosts[spec.name] = await createHost(dir, authorized, spec, ns);
  }

  return {
    dir,
    hosts,
    hv,
    clientKey: readFileSync(path.join(dir, "client_ed25519"), "utf8"),
    async setLink(name, up) {
      await run(["ip", "-n", hvNs, "link", "set", `h-${name}`, up ? "up" : "down"]);
    },
    async destroy() {
      for (const h of [...Object.values(hosts), hv]) await h.crash().catch(() => undefined);
      await cleanLeftovers();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

async function createHost(dir: string, authorized: string, spec: HostSpec, ns: string): Promise<LabHost> {
  const hostDir = path.join(dir, spec.name);
  mkdirSync(hostDir, { recursive: true });
  chmodSync(hostDir, 0o755);
  const user = spec.root ? "root" : `${PREFIX}${spec.name}`;
  const home = spec.root ? path.join(hostDir, "root") : path.join(hostDir, "home");
  if (!spec.root) {
    await run(["useradd", "--home-dir", home, "--create-home", "--shell", "/bin/sh", "--user-group", user]);
    // useradd leaves the account locked ("!"), which sshd refuses without PAM; "*" is no password, not locked.
    await run(["usermod", "-p", "*", user]);
  } else mkdirSync(home, { recursive: true });
  const address = `${LAB_NET}.${spec.octet}`;
  await run(["ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-C", `tandem-lab-${spec.name}`, "-f", path.join(hostDir, "host_ed25519")]);
  const fp = (await run(["ssh-keygen", "-l", "-f", path.join(hostDir, "host_ed25519.pub")])).stdout.split(" ")[1]!;
  const config = path.join(hostDir, "sshd_config");
  writeFileSync(config, sshdConfig({ port: 22, listen: address, hostKey: path.join(hostDir, "host_ed25519"), pidFile: path.join(hostDir, "sshd.pid"), authorizedKeys: authorized }));

  let unshare: ChildProcess | undefined;
  let initPid = 0;
  const alive = () => initPid > 0 && existsSync(`/proc/${initPid}`);
  const enter = (argv: string[], asUser: boolean) => {
    if (!alive()) throw new Error(`${spec.name} is not running`);
    const inner = asUser && !spec.root ? ["runuser", "-u", user, "--", "env", `HOME=${home}`, ...argv] : argv;
    return ["nsenter", "-t", String(initPid), "-n", "-p", "-m", "--", ...inner];
  };
  const host: LabHost = {
    name: spec.name,
    ns,
    address,
    user,
    home,
    link: `h-${spec.name}`,
    hostKeyFingerprint: fp,
    exec: (argv, o = {}) => run(enter(argv, o.asUser ?? false), { check: o.check, input: o.input, timeoutMs: o.timeoutMs }),
    spawn(argv, o = {}) {
      const full = enter(argv, o.asUser ?? false);
      return spawn(full[0]!, full.slice(1), { stdio: "ignore", detached: true });
    },
    async crash() {
      if (alive()) process.kill(initPid, "SIGKILL");
      await waitFor(`${spec.name} to stop`, () => !unshare || unshare.exitCode !== null || unshare.signalCode !== null, 10_000, 20);
      initPid = 0;
    },
    async boot() {
      // unshare --fork: its child is PID 1 of the new namespace, and sshd (-D) is that child.
      unshare = spawn("ip", ["netns", "exec", ns, "unshare", "--pid", "--fork", "--mount-proc", "--", "/usr/sbin/sshd", "-D", "-e", "-f", config], { stdio: "ignore", detached: true });
      unshare.unref();
      const ipPid = unshare.pid!;
      // `ip netns exec` execs unshare in place, so the spawned pid is unshare's.
      initPid = await initPidOf(ipPid);
      await waitFor(`sshd on ${spec.name}`, () => sshBannerIn(ns, address), 10_000, 50);
    },
    running: alive,
  };
  await host.boot();
  return host;
}

/** sshd's banner as seen from the root namespace (the uplink reaches every host). */
async function sshBannerIn(_ns: string, address: string): Promise<boolean> {
  const ok = await sshBanner(address, 22, 1000);
  if (!ok) await sleep(20);
  return ok;
}
