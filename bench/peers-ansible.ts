// Ansible ad-hoc and Tandem's poller over the same sshd fleet (the lab's plain
// hosts), client-side CPU only: the sshd servers and what runs on the hosts
// share the same cores, and neither side is charged for them.
//   Ansible: `ansible all -m shell -a 'cat /proc/loadavg' -f <forks>`, repeated,
//     with its default persistent SSH connections (ControlPersist) and
//     pipelining on (its fastest documented setting). CPU = ansible and every
//     child it waited for (this process's cutime/cstime) + the ControlPersist
//     masters (daemonised, so no one's child: read from /proc by pid).
//   Tandem: its Poller in this process, one persistent SSH connection per host,
//     at a 1 s interval, in its default STREAM mode (the agent prints a line
//     each interval) and in EXEC mode (a command per poll); CPU = this
//     process's, over a window once every host answers.
import { spawn } from "node:child_process";
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { createLogger } from "../server/lib/logger";
import { Poller } from "../server/poller/poller";
import type { PollTarget } from "../server/poller/poll-target";
import { sleep, waitFor } from "../lab/sh";
import type { Lab, LabHost } from "../lab/topology";

const TICK_S = 100; // getconf CLK_TCK on Linux

export type AnsibleRun = { forks: number; runs: number; hostsSampled: number; failures: number; wallS: number; cpuS: number };
export type PollerRun = { mode: "STREAM" | "EXEC"; intervalMs: number; samples: number; failures: number; wallS: number; cpuS: number };

/** user+system seconds of the children this process has waited for (and of theirs). */
function childrenCpuS(): number {
  const stat = readFileSync("/proc/self/stat", "utf8");
  const f = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
  // After the comm: state is field 3, so cutime (16) and cstime (17) are at 13 and 14.
  return (Number(f[13]) + Number(f[14])) / TICK_S;
}

/** user+system seconds, by pid, of the ssh ControlPersist masters whose control sockets are in `dir`. */
function mastersCpu(dir: string): Map<number, number> {
  const out = new Map<number, number>();
  for (const pid of readdirSync("/proc").filter((p) => /^\d+$/.test(p))) {
    try {
      if (!readFileSync(`/proc/${pid}/cmdline`, "utf8").includes(dir)) continue;
      const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
      const f = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
      if (!stat.includes("(ssh)")) continue;
      out.set(Number(pid), (Number(f[11]) + Number(f[12])) / TICK_S);
    } catch {
      /* gone */
    }
  }
  return out;
}

function ansibleEnv(dir: string): NodeJS.ProcessEnv {
  return {
    ...process.env,
    ANSIBLE_HOME: path.join(dir, "home"),
    ANSIBLE_LOCAL_TEMP: path.join(dir, "tmp"),
    ANSIBLE_SSH_CONTROL_PATH_DIR: path.join(dir, "cp"),
    ANSIBLE_PIPELINING: "True",
    ANSIBLE_NOCOLOR: "1",
    ANSIBLE_DEPRECATION_WARNINGS: "False",
    ANSIBLE_SSH_RETRIES: "0",
  };
}

function runAnsible(argv: string[], env: NodeJS.ProcessEnv, timeoutMs: number): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(argv[0]!, argv.slice(1), { env, stdio: ["ignore", "pipe", "pipe"] });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d) => (stdout += d));
    child.stderr.on("data", (d) => (stderr += d));
    const timer = setTimeout(() => child.kill("SIGKILL"), timeoutMs);
    child.on("error", reject);
    child.on("close", (code) => {
      clearTimeout(timer);
      resolve({ code: code ?? -1, stdout, stderr });
    });
  });
}

/** Kills the ControlPersist masters left in `dir` (ours, by pid). */
export function stopAnsibleMasters(lab: Lab): void {
  for (const pid of mastersCpu(path.join(lab.dir, "ansible", "cp")).keys()) {
    try {
      process.kill(pid, "SIGTERM");
    } catch {
      /* gone */
    }
  }
}

export async function runAnsibleFleet(o: { lab: Lab; hosts: LabHost[]; forks: number[]; repeats: number; say(line: string): void }): Promise<AnsibleRun[]> {
  const dir = path.join(o.lab.dir, "ansible");
  for (const d of ["home", "tmp", "cp"]) mkdirSync(path.join(dir, d), { recursive: true });
  // Host keys as the lab pinned them: Ansible checks them (no StrictHostKeyChecking off).
  const knownHosts = path.join(dir, "known_hosts");
  writeFileSync(knownHosts, o.hosts.map((h) => `${h.address} ${readFileSync(path.join(o.lab.dir, h.name, "host_ed25519.pub"), "utf8").trim()}\n`).join(""));
  const inventory = path.join(dir, "inventory.ini");
  writeFileSync(
    inventory,
    [
      "[fleet]",
      ...o.hosts.map((h) => `${h.name} ansible_host=${h.address} ansible_user=${h.user}`),
      "[all:vars]",
      `ansible_ssh_private_key_file=${path.join(o.lab.dir, "client_ed25519")}`,
      `ansible_ssh_common_args='-o UserKnownHostsFile=${knownHosts} -o StrictHostKeyChecking=yes'`,
      "ansible_python_interpreter=/usr/bin/python3",
      "",
    ].join("\n"),
  );
  const env = ansibleEnv(dir);
  const cpDir = path.join(dir, "cp");
  const results: AnsibleRun[] = [];
  for (const forks of o.forks) {
    const argv = ["ansible", "all", "-i", inventory, "-m", "shell", "-a", "cat /proc/loadavg", "-f", String(forks)];
    // A warm-up run opens the persistent connections (as Tandem's ramp is left out of its window).
    await runAnsible(argv, env, 120_000);
    const c0 = childrenCpuS();
    const m0 = mastersCpu(cpDir);
    const t0 = performance.now();
    let ok = 0;
    let failed = 0;
    for (let i = 0; i < o.repeats; i++) {
      const r = await runAnsible(argv, env, 120_000);
      const n = (r.stdout.match(/\| CHANGED \| rc=0 >>/g) ?? []).length;
      ok += n;
      failed += o.hosts.length - n;
      if (n < o.hosts.length) o.say(`  ansible -f ${forks}: ${o.hosts.length - n} host(s) failed (exit ${r.code}): ${(r.stderr || r.stdout).trim().split("\n").slice(-3).join(" | ").slice(0, 300)}`);
    }
    const wallS = (performance.now() - t0) / 1000;
    const m1 = mastersCpu(cpDir);
    let mastersS = 0;
    for (const [pid, s] of m1) mastersS += s - (m0.get(pid) ?? 0);
    const cpuS = childrenCpuS() - c0 + mastersS;
    results.push({ forks, runs: o.repeats, hostsSampled: ok, failures: failed, wallS, cpuS });
    o.say(`ansible -f ${forks}: ${o.repeats} runs over ${o.hosts.length} hosts in ${wallS.toFixed(1)} s, ${cpuS.toFixed(2)} CPU-s (of which ControlPersist masters ${mastersS.toFixed(2)}): ${(ok / wallS).toFixed(1)} hosts/s, ${(ok / cpuS).toFixed(1)} hosts per CPU-second`);
  }
  return results;
}

export async function runPoller(o: { lab: Lab; hosts: LabHost[]; mode: "STREAM" | "EXEC"; intervalMs: number; windowS: number; say(line: string): void }): Promise<PollerRun> {
  const targets: PollTarget[] = o.hosts.map((h) => ({
    id: h.name,
    name: h.name,
    address: h.address,
    port: 22,
    credential: { username: h.user, privateKey: o.lab.clientKey },
    hostKeyFingerprint: h.hostKeyFingerprint,
    intervalMs: o.intervalMs,
    agentMode: o.mode,
    services: [],
    lagProbe: null,
    version: "1",
  }));
  const answered = new Set<string>();
  let samples = 0;
  let failures = 0;
  let lastFailure = "";
  const poller = new Poller({
    loadTargets: async () => targets,
    report: (id, outcome) => {
      if (outcome.ok) {
        samples++;
        answered.add(id);
      } else {
        failures++;
        lastFailure = `${id}: ${outcome.kind}: ${outcome.message}`;
      }
    },
    pinHostKey: async () => {
      throw new Error("the lab's host keys are pinned in advance");
    },
    log: createLogger({ level: "warn" }),
    reloadEveryMs: 600_000,
  });
  await poller.start();
  try {
    // The connection ramp (and the agent's install on first sight) is left out, as Ansible's warm-up run is.
    await waitFor(`every host to answer Tandem's poller (${o.mode})`, () => answered.size === o.hosts.length, 60_000, 200).catch((e: Error) => {
      throw new Error(`${e.message}; ${answered.size}/${o.hosts.length} answered; last failure ${lastFailure}`);
    });
    await sleep(2 * o.intervalMs);
    const s0 = samples;
    const f0 = failures;
    const cpu0 = process.cpuUsage();
    const t0 = performance.now();
    await sleep(o.windowS * 1000);
    const cpu = process.cpuUsage(cpu0);
    const run: PollerRun = { mode: o.mode, intervalMs: o.intervalMs, samples: samples - s0, failures: failures - f0, wallS: (performance.now() - t0) / 1000, cpuS: (cpu.user + cpu.system) / 1e6 };
    o.say(`Tandem poller (${o.mode}, ${o.intervalMs} ms): ${run.samples} samples from ${o.hosts.length} hosts in ${run.wallS.toFixed(1)} s, ${run.cpuS.toFixed(3)} CPU-s: ${(run.samples / run.cpuS).toFixed(0)} samples per CPU-second${run.failures ? `, ${run.failures} failed polls (last: ${lastFailure})` : ""}`);
    return run;
  } finally {
    await poller.stop();
  }
}
