// `npm run lab` (root): real hosts in network namespaces, a real PostgreSQL
// primary and streaming standby, a web pool, HAProxy in front, Tandem outside
// the namespaces against them with its hooks and a fence device doing the real
// thing, and traffic through HAProxy counting every request. Each scenario
// injects a fault, checks what Tandem did against its expectation, and reports
// what clients saw: RTO, failed requests, acknowledged writes lost.
//   npm run lab [-- --scenarios link-cut,tandem-cut-off] [--keep]
import { existsSync } from "node:fs";
import path from "node:path";
import { parseArgs } from "node:util";
import { addLabToTandem, createPgGroup, type LabInventory } from "./inventory";
import { startFront, startWebPool, type Front } from "./front";
import { initPrimary, initStandby, PG_DATABASE, PG_USER, resetPair, roleOf, rowIds } from "./postgres";
import { SCENARIOS, type Scenario } from "./scenarios";
import { sleep, waitFor } from "./sh";
import { createLab, type Lab, type LabHost } from "./topology";
import { startTandem, type TandemApi, type TandemProcess } from "./tandem-process";
import { analyse, startTraffic, type Analysis } from "./traffic";

type Row = {
  name: string;
  passed: boolean;
  outcome: string;
  rtoMs: number | null;
  tandemRtoMs: number | null;
  failedWrites: number;
  failedReads: number;
  writes: number;
  lostWrites: number;
  failures: string[];
};

const NEEDS = ["/usr/sbin/sshd", "/usr/sbin/haproxy", "/usr/lib/postgresql/15/bin/initdb", "/usr/sbin/nft", "/usr/bin/nsenter", "/usr/bin/unshare"];

async function main(): Promise<number> {
  const { values } = parseArgs({ options: { scenarios: { type: "string" }, keep: { type: "boolean", default: false } } });
  if (process.getuid?.() !== 0) {
    console.error("lab: needs root (network namespaces, users, nftables)");
    return 2;
  }
  const missing = NEEDS.filter((p) => !existsSync(p));
  if (missing.length) {
    console.error(`lab: missing ${missing.join(", ")}: apt-get install -y openssh-server haproxy postgresql nftables util-linux iproute2`);
    return 2;
  }
  const names = values.scenarios?.split(",");
  const unknown = names?.filter((n) => !SCENARIOS.some((s) => s.name === n)) ?? [];
  if (unknown.length) {
    console.error(`lab: unknown scenario ${unknown.join(", ")}; known: ${SCENARIOS.map((s) => s.name).join(", ")}`);
    return 2;
  }
  const scenarios = names ? SCENARIOS.filter((s) => names.includes(s.name)) : SCENARIOS;

  const dir = path.join("/tmp", "tandem-lab");
  const t0 = Date.now();
  const say = (line: string) => console.log(`[${((Date.now() - t0) / 1000).toFixed(1).padStart(6)} s] ${line}`);
  let lab: Lab | undefined;
  let tandem: TandemProcess | undefined;
  const stop = async () => {
    await tandem?.stop();
    if (!values.keep) await lab?.destroy();
  };
  process.once("SIGINT", () => void stop().finally(() => process.exit(130)));
  try {
    lab = await createLab(dir, [
      { name: "db1", octet: 11 },
      { name: "db2", octet: 12 },
      { name: "web1", octet: 21 },
      { name: "web2", octet: 22 },
      { name: "lb", octet: 30, root: true },
    ]);
    const h = lab.hosts;
    const pair = { primary: h.db1!, standby: h.db2! };
    const web = [h.web1!, h.web2!];
    say("lab network up: hypervisor bridge, 5 hosts with their own sshd");
    await initPrimary(pair.primary);
    await initStandby(pair.standby, pair.primary);
    await startWebPool(web);
    const front = await startFront(h.lb!, dir, pair, web);
    say("PostgreSQL primary db1 streaming to db2, web pool web1+web2, HAProxy on lb");
    tandem = await startTandem({ dataDir: path.join(dir, "tandem"), env: { TANDEM_FAILOVER_BRAKE_MAX: "100", TANDEM_LOG_LEVEL: "info" } });
    const inv = await addLabToTandem(tandem.api, lab, front, { db: [pair.primary, pair.standby], web });
    say(`Tandem at ${tandem.api.baseUrl} (log ${tandem.logFile}); hosts added through its API, host keys pinned`);

    const rows: Row[] = [];
    for (const s of scenarios) {
      const row = await runScenario({ s, lab, api: tandem.api, inv, front, pair, say });
      rows.push(row);
      say(`${row.passed ? "PASS" : "FAIL"} ${s.name}: ${row.outcome}${row.failures.length ? ` — ${row.failures.join("; ")}` : ""}`);
    }
    printTable(rows);
    const passed = rows.filter((r) => r.passed).length;
    console.log(`lab: scenarios=${rows.length} passed=${passed} failed=${rows.length - passed}`);
    return passed === rows.length ? 0 : 1;
  } finally {
    await stop();
  }
}

type Ctx = { s: Scenario; lab: Lab; api: TandemApi; inv: LabInventory; front: Front; pair: { primary: LabHost; standby: LabHost }; say(line: string): void };

async function runScenario({ s, lab, api, inv, front, pair, say }: Ctx): Promise<Row> {
  const failures: string[] = [];
  const cooldownSeconds = s.group?.cooldownSeconds ?? 600;
  const groupId = await createPgGroup(api, inv, `pg-${s.name}`, pair, { maxLagSeconds: s.group?.maxLagSeconds ?? 10, cooldownSeconds });
  await waitFor(`pg-${s.name} to be OK (both hosts polled, the standby's lag reported)`, async () => (await api.get(`/api/v1/groups/${groupId}`)).redundancy.state === "OK", 90_000, 500);
  say(`${s.name}: ${s.what}`);

  const traffic = startTraffic({ pg: { host: front.pgAddress, port: front.pgPort, user: PG_USER, database: PG_DATABASE }, httpUrl: front.webUrl, durationMs: s.watchMs + 60_000 });
  const ctx = { lab, primary: pair.primary, standby: pair.standby, note: (l: string) => say(`  ${l}`) };
  let analysis: Analysis | undefined;
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
    const serving = failovers.some((o) => o.state === "SUCCEEDED") ? pair.standby : pair.primary;
    analysis = analyse(log, { faultAt, rowsPresent: await rowIds(serving) });
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
    lostWrites: analysis.lostAckedWrites,
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

function printTable(rows: Row[]): void {
  const ms = (v: number | null) => (v === null ? "-" : `${(v / 1000).toFixed(2)} s`);
  const table = rows.map((r) => ({
    scenario: r.name,
    result: r.passed ? "pass" : "FAIL",
    "RTO (clients)": ms(r.rtoMs),
    "RTO (Tandem)": ms(r.tandemRtoMs),
    "failed writes": `${r.failedWrites}/${r.writes}`,
    "failed reads": r.failedReads,
    "acked writes lost": r.lostWrites,
  }));
  console.table(table);
}

main().then(
  (code) => process.exit(code),
  (e: unknown) => {
    console.error(`lab: ${(e as Error).stack ?? String(e)}`);
    process.exit(1);
  },
);
