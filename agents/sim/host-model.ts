// One virtual host's metrics: mean-reverting random walks (cpu, memory, disks,
// network rate, replication lag) stepped once per simulated second, and the
// cumulative counters a real /proc would show (cpu jiffies at 100 Hz per cpu,
// with the busy share matching the current cpu %, network bytes, uptime).
// Steps are computed lazily when a sample is asked for, so an idle host costs
// nothing, and a seed gives the same values for the same step count.
import type { TAgentSample } from "../../server/agent/agent-sample.types";
import { bootPackages, initialPackages, nextKernel, type PackageState } from "./package-state";
import { rngFrom, type Rng } from "./prng";
import type { SimFault, SimFaultParams, SimHostSpec } from "./sim-types";

const HZ = 100;
const STEP_MS = 1000;
/** Beyond this many missed steps (a host nobody polled for 15 min) the rest is skipped in bulk. */
const MAX_CATCHUP_STEPS = 900;

type Walk = { value: number; mean: number; theta: number; sigma: number; min: number; max: number };

function walk(mean: number, sigma: number, min: number, max: number, theta = 0.05): Walk {
  return { value: mean, mean, theta, sigma, min, max };
}

function stepWalk(w: Walk, rng: Rng): void {
  const v = w.value + w.theta * (w.mean - w.value) + w.sigma * rng.gauss();
  w.value = v < w.min ? w.min : v > w.max ? w.max : v;
}

type Disk = { mount: string; fs: string; sizeKb: number; used: Walk };
type Nic = { name: string; rx: number; tx: number; rxRate: Walk; txRate: Walk };

export type HostFaults = ReadonlyMap<SimFault, SimFaultParams>;

const OS_CHOICES = [
  { os: "Debian GNU/Linux 12 (bookworm)", kernel: "6.1.0-28-amd64", updates: "apt", disk: "/dev/vda" },
  { os: "Ubuntu 22.04.5 LTS", kernel: "5.15.0-126-generic", updates: "apt", disk: "/dev/sda" },
  { os: "Ubuntu 24.04.1 LTS", kernel: "6.8.0-49-generic", updates: "apt", disk: "/dev/nvme0n1p" },
  { os: "Red Hat Enterprise Linux 9.4 (Plow)", kernel: "5.14.0-427.42.1.el9_4.x86_64", updates: "dnf", disk: "/dev/sda" },
] as const;

const round = (n: number, digits: number) => Math.round(n * 10 ** digits) / 10 ** digits;

export class HostModel {
  readonly name: string;
  readonly os: string;
  readonly cpuCount: number;
  readonly memTotalKb: number;
  readonly services: string[];
  role: string | null;
  private readonly rng: Rng;
  private readonly cpu: Walk;
  private readonly mem: Walk;
  private lag: Walk | null;
  private readonly disks: Disk[];
  private readonly nics: Nic[];
  private readonly raid: { name: string; level: string; devices: number } | null;
  private readonly swapTotalKb: number;
  /** Pending updates, kernels and reboot-required: what patches and reboots change. */
  readonly packages: PackageState;
  private bootedAtMs: number;
  /** user nice system idle iowait irq softirq steal, as floats; floored when printed. */
  private readonly jiffies = [0, 0, 0, 0, 0, 0, 0, 0];
  private load = [0, 0, 0];
  private steppedTo: number;
  private effectiveCpu = 0;

  constructor(spec: SimHostSpec, seed: number, nowMs: number) {
    const rng = (this.rng = rngFrom(seed, "metrics", spec.name));
    this.name = spec.name;
    this.role = spec.role ?? null;
    this.services = spec.services ?? [];
    const picked = rng.pick(OS_CHOICES);
    const choice = OS_CHOICES.find((c) => c.os === spec.os) ?? picked;
    this.os = spec.os ?? choice.os;
    const big = this.role === "primary" || this.role === "standby" || this.role === "backup";
    this.cpuCount = big ? rng.pick([8, 16, 32]) : rng.pick([2, 2, 4, 4, 8]);
    this.memTotalKb = (big ? rng.pick([32, 64, 128]) : rng.pick([4, 8, 8, 16])) * 1024 * 1024 - rng.int(80_000, 200_000);
    this.swapTotalKb = rng.chance(0.5) ? 2 * 1024 * 1024 : 0;

    const base = spec.baseline ?? {};
    const cpuMean = base.cpu ?? rng.int(4, 30);
    const memMean = base.mem ?? rng.int(25, 65);
    const diskMean = base.disk ?? rng.int(20, 70);
    this.cpu = walk(cpuMean, Math.max(1, cpuMean * 0.15), 0.5, 100, 0.08);
    this.mem = walk(memMean, 0.4, 3, 98, 0.02);
    this.lag = this.role === "standby" ? walk(0.3, 0.08, 0, 30, 0.2) : null;

    const dev = choice.disk;
    const part = (n: number) => `${dev}${n}`;
    this.disks = [{ mount: "/", fs: part(1), sizeKb: rng.int(30, 120) * 1024 * 1024, used: walk(diskMean, 0.01, 1, 99.9, 0.001) }];
    this.disks.push({ mount: "/boot/efi", fs: part(15), sizeKb: 523_248, used: walk(1.2, 0, 1.2, 1.2) });
    this.raid = big || rng.chance(0.2) ? { name: "md0", level: "raid1", devices: 2 } : null;
    const dataFs = this.raid ? "/dev/md0" : dev === "/dev/vda" ? "/dev/vdb1" : "/dev/sdb1";
    if (this.role === "primary" || this.role === "standby") {
      this.disks.push({ mount: "/var/lib/postgresql", fs: dataFs, sizeKb: rng.pick([500, 1000, 2000]) * 1024 * 1024, used: walk(rng.int(30, 70), 0.01, 1, 99.9, 0.001) });
    } else if (this.role === "backup") {
      this.disks.push({ mount: "/srv/backup", fs: dataFs, sizeKb: 8000 * 1024 * 1024, used: walk(rng.int(55, 80), 0.02, 1, 99.9, 0.001) });
    }

    const nic = rng.pick(["eth0", "ens3", "enp3s0", "ens18"]);
    const web = this.role === "web" || this.role === "lb";
    this.nics = [
      {
        name: nic,
        rx: rng.next() * 1e12,
        tx: rng.next() * 1e12,
        rxRate: walk(web ? 4e6 : 6e5, web ? 5e5 : 8e4, 1e3, 1.2e9, 0.05),
        txRate: walk(web ? 2e7 : 4e5, web ? 2e6 : 6e4, 1e3, 1.2e9, 0.05),
      },
    ];

    this.packages = initialPackages(seed, spec.name, choice.updates, spec.kernel ?? choice.kernel);
    if (spec.updates) {
      const { rebootRequired, ...counts } = spec.updates;
      Object.assign(this.packages, counts);
      if (rebootRequired !== undefined) {
        this.packages.rebootRequired = rebootRequired;
        this.packages.installed = rebootRequired ? nextKernel(this.packages.running) : this.packages.running;
      }
    }

    // Booted 1-300 days ago; counters start as if the host had run since.
    const uptimeSec = rng.int(86_400, 300 * 86_400);
    this.bootedAtMs = nowMs - uptimeSec * 1000;
    const ticks = uptimeSec * HZ * this.cpuCount;
    this.addCpuTicks(ticks, cpuMean * 0.8);
    for (const n of this.nics) {
      n.rx += n.rxRate.mean * uptimeSec;
      n.tx += n.txRate.mean * uptimeSec;
    }
    const running = (cpuMean / 100) * this.cpuCount;
    this.load = [running, running, running];
    this.effectiveCpu = cpuMean;
    this.steppedTo = nowMs;
  }

  /** Shares of busy time: mostly user, some system, a little iowait and softirq. */
  private addCpuTicks(ticks: number, cpuPct: number): void {
    const busy = (ticks * cpuPct) / 100;
    const j = this.jiffies;
    j[0]! += busy * 0.68;
    j[1]! += busy * 0.01;
    j[2]! += busy * 0.2;
    j[4]! += busy * 0.06;
    j[5]! += busy * 0.01;
    j[6]! += busy * 0.04;
    j[3]! += ticks - busy;
  }

  /** Advances the walks and counters to nowMs, one step per simulated second. */
  private advance(nowMs: number, faults: HostFaults): void {
    let steps = Math.floor((nowMs - this.steppedTo) / STEP_MS);
    if (steps <= 0) return;
    if (steps > MAX_CATCHUP_STEPS) {
      // Skip the bulk at the current rates: counters stay monotonic, the walk just resumes.
      const skipped = steps - MAX_CATCHUP_STEPS;
      this.addCpuTicks(skipped * HZ * this.cpuCount, this.effectiveCpu);
      for (const n of this.nics) {
        n.rx += n.rxRate.value * skipped;
        n.tx += n.txRate.value * skipped;
      }
      steps = MAX_CATCHUP_STEPS;
    }
    const highCpu = faults.has("high-cpu");
    const decay = [Math.exp(-1 / 60), Math.exp(-1 / 300), Math.exp(-1 / 900)];
    for (let i = 0; i < steps; i++) {
      stepWalk(this.cpu, this.rng);
      stepWalk(this.mem, this.rng);
      for (const d of this.disks) if (d.used.sigma > 0) stepWalk(d.used, this.rng);
      for (const n of this.nics) {
        stepWalk(n.rxRate, this.rng);
        stepWalk(n.txRate, this.rng);
        n.rx += n.rxRate.value;
        n.tx += n.txRate.value;
      }
      if (this.lag) stepWalk(this.lag, this.rng);
      this.effectiveCpu = highCpu ? 94 + 5 * this.rng.next() : this.cpu.value;
      this.addCpuTicks(HZ * this.cpuCount, this.effectiveCpu);
      const running = (this.effectiveCpu / 100) * this.cpuCount * (highCpu ? 1.6 : 1);
      for (let k = 0; k < 3; k++) this.load[k] = this.load[k]! * decay[k]! + running * (1 - decay[k]!);
    }
    this.steppedTo += steps * STEP_MS;
  }

  /**
   * Powered on again: uptime and the kernel's counters start from zero, load
   * from nothing, the newest installed kernel runs; the metrics' walks and the
   * role carry on as they were.
   */
  boot(nowMs: number): void {
    bootPackages(this.packages);
    this.bootedAtMs = nowMs;
    this.steppedTo = nowMs;
    this.jiffies.fill(0);
    for (const n of this.nics) n.rx = n.tx = 0;
    this.load = [0, 0, 0];
  }

  /** A runbook hook changed the role: a standby replicates (and lags), a primary does not. */
  setRole(role: "primary" | "standby"): void {
    if (role === this.role) return;
    this.role = role;
    this.lag = role === "standby" ? walk(0.3, 0.08, 0, 30, 0.2) : null;
  }

  /** One agent sample as the real agent would print it, for the services it was asked about. */
  sample(nowMs: number, faults: HostFaults, askedServices: readonly string[]): TAgentSample {
    this.advance(nowMs, faults);
    const memFree = faults.has("high-cpu") ? 0.97 : 1;
    const availableKb = Math.round(this.memTotalKb * (1 - this.mem.value / 100) * memFree);
    const fullMount = faults.get("disk-full")?.mount ?? "/";
    const stopped = faults.has("service-stopped") ? (faults.get("service-stopped")!.service ?? this.services[0]) : undefined;
    const lagFault = faults.get("replication-lag");
    const raid = this.raid ?? (faults.has("raid-degraded") ? { name: "md0", level: "raid1", devices: 2 } : null);
    const degraded = faults.has("raid-degraded");
    return {
      v: 1,
      ts: Math.floor(nowMs / 1000),
      host: this.name,
      kernel: this.packages.running,
      os: this.os,
      uptimeSec: round((nowMs - this.bootedAtMs) / 1000, 2),
      cpu: { count: this.cpuCount, jiffies: this.jiffies.map(Math.floor), running: Math.max(1, Math.round(this.load[0]! * 0.8)) },
      load: [round(this.load[0]!, 2), round(this.load[1]!, 2), round(this.load[2]!, 2)],
      memKb: {
        total: this.memTotalKb,
        available: availableKb,
        free: Math.round(availableKb * 0.25),
        buffers: Math.round(this.memTotalKb * 0.015),
        cached: Math.round(availableKb * 0.6),
      },
      swapKb: { total: this.swapTotalKb, free: Math.round(this.swapTotalKb * 0.97) },
      disks: this.disks.map((d) => {
        const pct = d.mount === fullMount && faults.has("disk-full") ? 99.6 : d.used.value;
        const usedKb = Math.round((d.sizeKb * pct) / 100);
        // ext4 keeps 5% for root, as df shows: used + avail < size.
        return { mount: d.mount, fs: d.fs, sizeKb: d.sizeKb, usedKb, availKb: Math.max(0, Math.round(d.sizeKb * 0.95) - usedKb) };
      }),
      net: this.nics.map((n) => ({ if: n.name, rxBytes: Math.floor(n.rx), txBytes: Math.floor(n.tx) })),
      raid: raid ? [{ name: raid.name, level: raid.level, status: degraded ? "U_" : "UU", degraded }] : [],
      services: askedServices.map((name) => ({
        name,
        state: name === stopped ? "inactive" : this.services.includes(name) ? "active" : "inactive",
      })),
      updates: {
        pending: this.packages.pending,
        security: this.packages.security,
        source: this.packages.source,
        // Counted hourly in the background, and again right after a patch.
        checkedAt: Math.max(Math.floor(nowMs / 3_600_000) * 3600 - 600, Math.floor((this.packages.changedAtMs ?? 0) / 1000)),
      },
      rebootRequired: this.packages.rebootRequired,
      kernelInstalled: this.packages.installed,
      replicationLagSec: lagFault ? (lagFault.seconds ?? 120) : this.lag ? round(this.lag.value, 3) : null,
    };
  }
}
