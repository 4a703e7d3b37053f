// `npm run bench -- --only peers` (root): Tandem beside its peers on the same
// real-host lab, in one run.
//   1. Keepalived (VRRP) on web1/web2 holding a VIP in front of the lab's web
//      pool: takeover after the master's link is cut at the hypervisor, beside
//      Tandem's death-to-verified-serving for the same cut of the PostgreSQL
//      primary's link (the lab's link-cut scenario) and what clients saw.
//   2. Ansible ad-hoc (`-m shell -a 'cat /proc/loadavg'`) and Tandem's poller
//      over the same plain sshd hosts: hosts sampled per CPU-second of the
//      client side.
// One lab session serves both: its 20-odd extra plain hosts cost an sshd each
// (a few seconds to set up), far less than a second lab's PostgreSQL pair and
// Tandem start, and the two parts then share one set-up and one clean-up.
//   npm run bench -- --only peers [--tandem-runs 1] [--vrrp-runs 5] [--fleet 20] [--forks 4,8,20] [--repeats 3] [--poll-window 20]
// --forks defaults to 2× and 4× the cores, and the whole fleet at once; the best is kept.
import { existsSync } from "node:fs";
import os from "node:os";
import { labPrerequisites, startLabSession, type LabSession, type Row as LabRow } from "../lab/lab-session";
import { SCENARIOS } from "../lab/scenarios";
import { buildIsCurrent } from "../scripts/ensure-build";
import type { HostSpec } from "../lab/topology";
import { ADVERT_INT_S, runKeepalived, VIP } from "./peers-keepalived";
import { runAnsibleFleet, runPoller, stopAnsibleMasters, type AnsibleRun, type PollerRun } from "./peers-ansible";
import type { Row } from "./report";

export const PEERS_DIR = "/tmp/tandem-lab-peers";
/** Tandem's log of the run, kept after the lab is gone (apart from the lab's own copy). */
export const PEERS_TANDEM_LOG = "/tmp/tandem-lab-peers-tandem.log";
const NEEDS = { "/usr/sbin/keepalived": "keepalived", "/usr/bin/ansible": "ansible" };

export type PeersOptions = { tandemRuns: number; vrrpRuns: number; fleet: number; forks?: number[]; repeats: number; windowS: number; pollIntervalMs: number; limitMinutes: number };
/** `failed`: why the comparison does not hold (a Tandem run that did not pass, samples that failed), empty when it does. */
export type PeersReport = { tables: { title: string; rows: Row[] }[]; notes: string[]; failed: string[] };

/** Why the peers benchmark cannot run here, or null. */
export function peersPrerequisites(): string | null {
  const lab = labPrerequisites();
  if (lab) return lab;
  const missing = Object.entries(NEEDS).filter(([p]) => !existsSync(p));
  if (missing.length) return `missing ${missing.map(([p]) => p).join(", ")}: apt-get install -y ${missing.map(([, pkg]) => pkg).join(" ")}`;
  // The lab runs Tandem as `npm start` does, from the production build.
  return buildIsCurrent() ? null : "Tandem's production build is missing or older than its sources: run `npx tsx scripts/ensure-build.ts` first";
}

/** Nearest-rank median and the largest of the values present. */
function p50max(xs: (number | null)[]): { p50: number; max: number } {
  const v = xs.filter((x): x is number => x !== null).sort((a, b) => a - b);
  return v.length ? { p50: v[Math.ceil(v.length / 2) - 1]!, max: v[v.length - 1]! } : { p50: NaN, max: NaN };
}

const row = (figure: string, value: number, unit: string): Row => ({ figure, value, unit, target: null, better: "lower" });

export async function runPeersBench(o: PeersOptions): Promise<PeersReport | null> {
  const why = peersPrerequisites();
  if (why) {
    console.log(`peers: skipped — ${why}`);
    return null;
  }
  if (o.fleet < 1 || o.fleet > 100) throw new Error(`--fleet must be 1..100 plain hosts (addresses .100 up), got ${o.fleet}`);
  const t0 = Date.now();
  const say = (line: string) => console.log(`[${((Date.now() - t0) / 1000).toFixed(1).padStart(6)} s] ${line}`);
  const fleetSpecs: HostSpec[] = Array.from({ length: o.fleet }, (_, i) => ({ name: `p${100 + i}`, octet: 100 + i }));
  let session: LabSession | undefined;
  let cleaned: Promise<void> | undefined;
  const cleanUp = () =>
    (cleaned ??= (async () => {
      if (session) stopAnsibleMasters(session.lab);
      await session?.stop();
    })());
  const interrupted = (signal: string) => {
    console.error(`peers: ${signal}, cleaning up the lab`);
    void cleanUp().finally(() => process.exit(130));
  };
  const onInt = () => interrupted("SIGINT");
  const onTerm = () => interrupted("SIGTERM");
  process.once("SIGINT", onInt);
  process.once("SIGTERM", onTerm);
  // Every step has its own bound; this is the last word if one is missed.
  const limit = setTimeout(() => {
    console.error(`peers: over the ${o.limitMinutes}-minute limit, cleaning up the lab`);
    void cleanUp().finally(() => process.exit(1));
  }, o.limitMinutes * 60_000);
  limit.unref();
  console.log(`peers: Keepalived vs Tandem on the same link cut (${o.vrrpRuns} VRRP runs, ${o.tandemRuns} Tandem run(s)); Ansible vs Tandem's poller on the same ${o.fleet} sshd hosts`);
  try {
    session = await startLabSession({ dir: PEERS_DIR, say, extraHosts: fleetSpecs, tandemLogCopy: PEERS_TANDEM_LOG });
    const { lab } = session;

    // 1. Tandem on the lab's link-cut scenario, then Keepalived with Tandem stopped (nothing else then uses the CPU).
    const linkCut = SCENARIOS.find((s) => s.name === "link-cut")!;
    const tandemRows: LabRow[] = [];
    for (let i = 0; i < o.tandemRuns; i++) {
      const r = await session.runScenario(linkCut);
      tandemRows.push(r);
      say(`Tandem link-cut ${i + 1}/${o.tandemRuns}: ${r.passed ? "pass" : "FAIL"}, ${r.outcome}; Tandem ${r.tandemRtoMs ?? "-"} ms, clients ${r.rtoMs ?? "-"} ms${r.failures.length ? ` — ${r.failures.join("; ")}` : ""}`);
    }
    await session.tandem.stop();
    const ka = await runKeepalived({ lab, web: [session.web[0]!, session.web[1]!], runs: o.vrrpRuns, say });

    // 2. Ansible, then Tandem's poller, over the plain hosts.
    const fleet = fleetSpecs.map((s) => lab.hosts[s.name]!);
    const cores = os.availableParallelism();
    const forks = o.forks ?? [...new Set([2 * cores, 4 * cores, o.fleet])];
    const ansible = await runAnsibleFleet({ lab, hosts: fleet, forks, repeats: o.repeats, say });
    stopAnsibleMasters(lab);
    const polled: PollerRun[] = [];
    for (const mode of ["STREAM", "EXEC"] as const) polled.push(await runPoller({ lab, hosts: fleet, mode, intervalMs: o.pollIntervalMs, windowS: o.windowS, say }));

    const report = buildReport(o, tandemRows, ka, ansible, polled);
    say(`peers: done in ${((Date.now() - t0) / 1000).toFixed(0)} s`);
    return report;
  } finally {
    clearTimeout(limit);
    process.off("SIGINT", onInt);
    process.off("SIGTERM", onTerm);
    await cleanUp();
  }
}

function buildReport(o: PeersOptions, tandemRows: LabRow[], ka: Awaited<ReturnType<typeof runKeepalived>>, ansible: AnsibleRun[], polled: PollerRun[]): PeersReport {
  const kaT = p50max(ka.takeoverMs);
  const tandem = p50max(tandemRows.map((r) => r.tandemRtoMs));
  const clients = p50max(tandemRows.map((r) => r.rtoMs));
  const passed = tandemRows.filter((r) => r.passed).length;
  // Keepalived's own bound: a backup takes over after 3 missed adverts plus its skew, (256 − priority) / 256 of an advert.
  const masterDownS = 3 * ADVERT_INT_S + ((256 - 100) / 256) * ADVERT_INT_S;
  const takeover: Row[] = [
    row(`Keepalived: cut → web2 answers on the VIP, p50 (${ka.takeoverMs.length} runs, advert_int ${ADVERT_INT_S} s)`, kaT.p50 / 1000, "s"),
    row("Keepalived: cut → web2 answers on the VIP, max", kaT.max / 1000, "s"),
    row(`Tandem: primary's death → new primary verified serving, p50 (link-cut, ${tandemRows.length} run(s), 1 s polls)`, tandem.p50 / 1000, "s"),
    row("Tandem: death → verified serving, max", tandem.max / 1000, "s"),
    row("clients: cut → first write through HAProxy on the new primary, p50", clients.p50 / 1000, "s"),
    row("clients: cut → first write through HAProxy on the new primary, max", clients.max / 1000, "s"),
    row("ratio Tandem / Keepalived (p50)", tandem.p50 / kaT.p50, "×"),
    row("ratio clients' RTO / Keepalived (p50)", clients.p50 / kaT.p50, "×"),
  ];

  const bestAnsible = [...ansible].sort((a, b) => b.hostsSampled / b.cpuS - a.hostsSampled / a.cpuS)[0]!;
  const fastestAnsible = [...ansible].sort((a, b) => b.hostsSampled / b.wallS - a.hostsSampled / a.wallS)[0]!;
  const perCpu = (r: { cpuS: number }, n: number) => n / r.cpuS;
  const ansPerCpu = perCpu(bestAnsible, bestAnsible.hostsSampled);
  const sampling: Row[] = [
    row(`Ansible ad-hoc: hosts sampled per second (wall, best -f ${fastestAnsible.forks})`, fastestAnsible.hostsSampled / fastestAnsible.wallS, "/s"),
    row(`Ansible ad-hoc: hosts sampled per CPU-second (best -f ${bestAnsible.forks})`, ansPerCpu, "/CPUs"),
    row("Ansible ad-hoc: client CPU per host sampled", (bestAnsible.cpuS / bestAnsible.hostsSampled) * 1000, "ms"),
  ];
  for (const p of polled) {
    sampling.push(
      row(`Tandem poller ${p.mode}: hosts sampled per second (${p.intervalMs / 1000} s interval + the agent's sampling)`, p.samples / p.wallS, "/s"),
      row(`Tandem poller ${p.mode}: hosts sampled per CPU-second`, perCpu(p, p.samples), "/CPUs"),
      row(`Tandem poller ${p.mode}: client CPU per host sampled`, (p.cpuS / p.samples) * 1000, "ms"),
      row(`ratio Tandem ${p.mode} / Ansible, hosts per CPU-second`, perCpu(p, p.samples) / ansPerCpu, "×"),
    );
  }

  const notes = [
    `Keepalived does not fence. A backup takes the VIP after ${masterDownS.toFixed(2)} s without adverts (3 × advert_int ${ADVERT_INT_S} s + skew); here the cut master saw its own link drop and let the VIP go${ka.oldMasterHeldVip ? ` (but it kept the VIP in ${ka.oldMasterHeldVip} of ${ka.takeoverMs.length} runs)` : ""}. With only VRRP cut and both links up, web2 took the VIP after ${ka.partition.takeoverMs ?? "-"} ms and ${ka.partition.bothHeldVip ? "web1 kept it: both held the VIP (split brain)" : "web1 let it go"}; nothing stops an old master that is only partitioned, or comes back, from answering too.`,
    "Tandem fences before it promotes (here by cutting the old primary's link at the hypervisor), asks its second opinion first, and counts a failover done only when the new primary is verified serving.",
    "So the comparison is the takeover of a stateless VIP (web servers, no data) against a database failover with a second opinion, fencing, a promotion and a verification: Keepalived's figure is a floor, not a like-for-like target.",
    `Tandem link-cut: ${passed}/${tandemRows.length} run(s) passed; failed writes ${tandemRows.map((r) => `${r.failedWrites}/${r.writes}`).join(", ")}; acknowledged writes lost ${tandemRows.map((r) => r.lostWrites ?? "not counted").join(", ")}.`,
    `Ansible: ${ansible.map((a) => `-f ${a.forks}: ${(a.hostsSampled / a.wallS).toFixed(1)} hosts/s, ${(a.hostsSampled / a.cpuS).toFixed(1)} per CPU-s`).join("; ")} (${o.repeats} runs each after a warm-up, ControlPersist on, pipelining on, host keys checked).`,
    "Only the client side's CPU is counted (Ansible with its ssh children and ControlPersist masters; Tandem's poller process). The hosts' sshd and what runs on them share the same cores and are charged to neither. Tandem samples at its interval over persistent connections; Ansible runs as fast as it can, so its hosts per second is its capacity and Tandem's is its interval.",
    `Tandem's poller here is SSH + parsing only; health, storage and broadcast are in the polling benchmark's CPU per poll.`,
  ];
  const failed = tandemRows.filter((r) => !r.passed).map((r) => `Tandem's link-cut run did not pass: ${r.failures.join("; ")} (Tandem's log: ${PEERS_TANDEM_LOG})`);
  if (ansible.some((a) => a.failures) || polled.some((p) => p.failures)) failed.push(`failed samples: Ansible ${ansible.reduce((n, a) => n + a.failures, 0)}, Tandem ${polled.reduce((n, p) => n + p.failures, 0)}`);
  return {
    failed,
    tables: [
      { title: `Peers: takeover after the master's link is cut (Keepalived VRRP on the web pool's VIP ${VIP} vs Tandem failing over the PostgreSQL pair)`, rows: takeover },
      { title: `Peers: hosts sampled over the same ${o.fleet} sshd hosts, client-side CPU (Ansible ad-hoc vs Tandem's poller)`, rows: sampling },
    ],
    notes,
  };
}
