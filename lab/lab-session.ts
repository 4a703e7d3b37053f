// One lab session: the namespaces, the PostgreSQL pair, the web pool, HAProxy
// and Tandem, set up once; scenarios run one after another against it, each
// on a fresh pair. Used by `npm run lab` and by the peers benchmark.
import { copyFileSync, existsSync } from "node:fs";
import path from "node:path";
import { addLabToTandem, createPgGroup, type LabInventory } from "./inventory";
import { startFront, startWebPool, type Front } from "./front";
import { initPrimary, initStandby, PG_DATABASE, PG_USER, resetPair, roleOf, rowIds } from "./postgres";
import type { Scenario } from "./scenarios";
import { sleep, waitFor } from "./sh";
import { createLab, type HostSpec, type Lab, type LabHost } from "./topology";
import { startTandem, type TandemApi, type TandemProcess } from "./tandem-process";
import { analyse, startTraffic, type Analysis } from "./traffic";

export type Row = {
  name: string;
  passed: boolean;
  outcome: string;
  rtoMs: number | null;
  tandemRtoMs: number | null;
  failedWrites: number;
  failedReads: number;
  writes: number;
  /** Null when no primary was left to count on. */
  lostWrites: number | null;
  failures: string[];
};

export const NEEDS = ["/usr/sbin/sshd", "/usr/sbin/haproxy", "/usr/lib/postgresql/15/bin/initdb", "/usr/sbin/nft", "/usr/bin/nsenter", "/usr/bin/unshare"];


/** Where Tandem's log of the last session is kept. */
export const TANDEM_LOG_COPY = "/tmp/tandem-lab-tandem.log";

/** Why the lab cannot run here, or null. */
export function labPrerequisites(): string | null {
  if (process.getuid?.() !== 0) return "needs root (network namespaces, users, nftables)";
  const missing = NEEDS.filter((p) => !existsSync(p));
  if (missing.length) return `missing ${missing.join(", ")}: apt-get install -y openssh-server haproxy postgresql nftables util-linux iproute2`;
  return null;
}

export type LabSession = {
  lab: Lab;
  front: Front;
  tandem: TandemProcess;
  pair: { primary: LabHost; standby: LabHost };
  web: LabHost[];
  runScenario(s: Scenario): Promise<Row>;
  stop(o?: { keep?: boolean }): Promise<void>;
};

export async function startLabSession(o: { dir?: string; say(line: string): void; extraHosts?: HostSpec[]; /** Where to keep Tandem's log (TANDEM_LOG_COPY unless given). */ tandemLogCopy?: string }): Promise<LabSession> {
  const dir = o.dir ?? path.join("/tmp", "tandem-lab");
  const say = o.say;
  let lab: Lab | undefined;
  let tandem: TandemProcess | undefined;
  const stop = async (s: { keep?: boolean } = {}) => {
    await tandem?.stop();
    // Tandem's log outlives the lab's folder: it is what explains a failed scenario.
    if (tandem && existsSync(tandem.logFile)) copyFileSync(tandem.logFile, o.tandemLogCopy ?? TANDEM_LOG_COPY);
    if (!s.keep) await lab?.destroy();
  };
  try {
    lab = await createLab(dir, [
      { name: "db1", octet: 11 },
      { name: "db2", octet: 12 },
      { name: "web1", octet: 21 },
      { name: "web2", octet: 22 },
      { name: "lb", octet: 30, root: true },
      ...(o.extraHosts ?? []),
    ]);
    const h = lab.hosts;
    const pair = { primary: h.db1!, standby: h.db2! };
    const web = [h.web1!, h.web2!];
    say(`lab network up: hypervisor bridge, ${Object.keys(h).length} hosts with their own sshd`);
    await initPrimary(pair.primary);
    await initStandby(pair.standby, pair.primary);
    await startWebPool(web);
    const front = await startFront(h.lb!, dir, pair, web);
    say("PostgreSQL primary db1 streaming to db2, web pool web1+web2, HAProxy on lb");
    // The brake is raised: the lab fails over on purpose, many times. CPU and load thresholds are out of
    // reach: every lab host reads the one machine's /proc/stat and loadavg, so a busy machine (Tandem
    // starting, a CI run) would mark every standby DEGRADED and no group would ever be OK.
    tandem = await startTandem({
      dataDir: path.join(dir, "tandem"),
      env: { TANDEM_FAILOVER_BRAKE_MAX: "100", TANDEM_LOG_LEVEL: "info", TANDEM_THRESHOLD_CPU_PCT: "100", TANDEM_THRESHOLD_LOAD_PER_CPU: "1000" },
    });
    const inv = await addLabToTandem(tandem.api, lab, front, { db: [pair.primary, pair.standby], web });
    say(`Tandem at ${tandem.api.baseUrl} (log ${tandem.logFile}); hosts added through its API, host keys pinned`);
    const labNow = lab;
    const api = tandem.api;
    return { lab, front, tandem, pair, web, stop, runScenario: (s) => runScenario({ s, lab: labNow, api, inv, front, pair, say }) };
  } catch (e) {
    await stop();
    throw e;
  }
}

type Ctx = { s: Scenario; lab: Lab; api: TandemApi; inv: LabInventory; front: Front; pair: { primary: LabHost; standby: LabHost }; say(line: string): void };

async function runScenario({ s, lab, api, inv, front, pair, say }: Ctx): Promise<Row> {
  const failures: string[] = [];
  const cooldownSeconds = s.group?.cooldownSeconds ?? 600;
  const groupId = await createPgGroup(api, inv, `pg-${s.name}`, pair, { maxLagSeconds: s.group?.maxLagSeconds ?? 10, cooldownSeconds });
  await waitFor(`pg-${s.name} to be OK (both hosts polled, the standby's lag reported)`, async () => (await api.get(`/api/v1/groups/${groupId}`)).redundancy.state === "OK", 120_000, 500);
  say(`${s.name}: ${s.what}`);

  const traffic = startTraffic({ pg: { host: front.pgAddress, port: front.pgPort, user: PG_USER, database: PG_DATABASE }, httpUrl: front.webUrl, durationMs: s.watchMs + 60_000 });
  const ctx = { lab, primary: pair.primary, standby: pair.standby, note: (l: string) => say(`  ${l}`) };
  let analysis: Analysis | undefined;
  let countedRows = true;
  let failovers: { id: string; state: string; outcome: string | null; rtoMs: number | null }[] = [];
  let refusal: Refusal | undefined;
  try {
    await sleep(3000);
    await s.prepare?.(ctx);
    const faultAt = Date.now();
    await s.fault(ctx);
    const until = faultAt + s.watchMs;
    const ended = (o: { state: string }) => !["PLANNED", "RUNNING", "PAUSED"].includes(o.state);
    while (Date.now() < until) {
      failovers = (await api.get(`/api/v1/operations?groupId=${groupId}&kind=FAILOVER`)).operations;
      // A failover that ended: watch a few seconds more of traffic through the new primary, then stop.
      if (s.expect.failover === true && failovers.length && failovers.every(ended)) {
        await sleep(4000);
        break;
      }
      // A refusal is the answer to wait for: watch a few seconds more that no failover follows, then stop.
      if (s.expect.failover === false && (await refusalOf(api, groupId))) {
        await sleep(5000);
        break;
      }
      await sleep(500);
    }
    failovers = (await api.get(`/api/v1/operations?groupId=${groupId}&kind=FAILOVER`)).operations;
    refusal = await refusalOf(api, groupId);
    const log = await traffic.stop();
    await s.undo(ctx);
    // Rows are counted on whichever host serves as primary now (the promoted standby after a failover).
    const preferred = failovers.some((o) => o.state === "SUCCEEDED") ? [pair.standby, pair.primary] : [pair.primary, pair.standby];
    let serving: LabHost | undefined;
    for (const h of preferred) if (!serving && (await roleOf(h).catch(() => null)) === "primary") serving = h;
    if (!serving) failures.push("no host serves as primary afterwards: acknowledged writes could not be counted");
    analysis = analyse(log, { faultAt, rowsPresent: serving ? await rowIds(serving) : new Set() });
    if (!serving) countedRows = false;
  } finally {
    await traffic.stop().catch(() => undefined);
  }
  if (!analysis) throw new Error("unreachable: no analysis");

  const succeeded = failovers.filter((o) => o.state === "SUCCEEDED");
  let outcome: string;
  if (s.expect.failover === true) {
    if (failovers.length !== 1) failures.push(`${failovers.length} failovers, expected one`);
    else if (!succeeded.length) failures.push(`the failover ended ${failovers[0]!.state}: ${failovers[0]!.outcome}`);
    if (analysis.rtoMs === null) failures.push("writes never came back through HAProxy");
    outcome = succeeded.length ? `failed over to ${pair.standby.name}` : "no successful failover";
  } else if (s.expect.failover === "at-most-one") {
    if (failovers.length > 1) failures.push(`${failovers.length} failovers, at most one expected`);
    if (failovers.length === 1 && !succeeded.length) failures.push(`the failover ended ${failovers[0]!.state}: ${failovers[0]!.outcome}`);
    outcome = failovers.length ? `one failover to ${pair.standby.name}, no second` : "no failover";
  } else {
    if (failovers.length) failures.push(`${failovers.length} failover(s) started; none expected`);
    if (!refusal) failures.push("no 'automatic failover refused' alert");
    else {
      if (refusal.details.kind !== s.expect.refusedKind) failures.push(`refused for ${refusal.details.kind}, expected ${s.expect.refusedKind}`);
      const reasons = (refusal.details.reasons ?? []).join("; ");
      if (!s.expect.reasons.test(reasons)) failures.push(`reasons do not say ${s.expect.reasons}: ${reasons}`);
    }
    outcome = refusal ? `no failover; alert "${refusal.title}": ${(refusal.details.reasons ?? []).join("; ").slice(0, 200)}` : "no failover";
  }
  failures.push(...(s.check?.({ failovers: failovers.length, cooldownSeconds }) ?? []));

  await cleanUp(api, lab, front, pair, groupId);
  return {
    name: s.name,
    passed: failures.length === 0,
    outcome,
    rtoMs: analysis.rtoMs,
    tandemRtoMs: succeeded[0]?.rtoMs ?? null,
    failedWrites: analysis.failedWrites,
    failedReads: analysis.failedReads,
    writes: analysis.writes,
    lostWrites: countedRows ? analysis.lostAckedWrites : null,
    failures,
  };
}

type Refusal = { title: string; details: { kind?: string; reasons?: string[] } };
async function refusalOf(api: TandemApi, groupId: string): Promise<Refusal | undefined> {
  return (await api.get(`/api/v1/alerts?groupId=${groupId}&source=failover-refused&includeSuppressed=true`)).alerts[0];
}

/** Back to a healthy pair for the next scenario: links up, hosts booted, a fresh primary and standby, HAProxy as at the start, the group gone. */
async function cleanUp(api: TandemApi, lab: Lab, front: Front, pair: { primary: LabHost; standby: LabHost }, groupId: string): Promise<void> {
  const live = (await api.get(`/api/v1/operations?groupId=${groupId}`)).operations.filter((o: { state: string }) => ["PLANNED", "RUNNING", "PAUSED"].includes(o.state));
  for (const o of live) await api.send("POST", `/api/v1/operations/${o.id}/abort`, { reason: "lab: scenario over" }).catch(() => undefined);
  for (const h of [pair.primary, pair.standby]) {
    await lab.setLink(h.name, true);
    if (!h.running()) await h.boot();
    await h.exec(["ip", "link", "set", "eth0", "up"]);
    await h.exec(["nft", "delete", "table", "ip", "tlab"], { check: false });
  }
  await api.send("DELETE", `/api/v1/groups/${groupId}`);
  await resetPair(pair.primary, pair.standby);
  await front.restart();
  if ((await roleOf(pair.primary)) !== "primary") throw new Error("lab: db1 is not primary after the reset");
}

