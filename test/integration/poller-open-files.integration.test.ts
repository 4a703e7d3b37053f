// Tandem's own process out of file descriptors, for real: this test lowers its
// own open-file limit (prlimit on its pid) below what its servers need, with
// the simulated fleet in a process of its own. The kernel refuses sockets with
// EMFILE; the servers that cannot be reached that way are UNKNOWN, saying why,
// and never UNREACHABLE or DOWN: nothing is known of them, and a healthy primary
// must not be failed over because Tandem ran out of files. With the limit back,
// they come UP.
import { execFileSync, spawn, type ChildProcess } from "node:child_process";
import { readdirSync } from "node:fs";
import { afterAll, beforeAll, expect, it } from "vitest";
import { startSimProcess, type SimProcess } from "../../agents/sim/sim-process";
import { Poller } from "../../server/poller/poller";
import { HealthEngine } from "../../server/health/health-engine";
import { DEFAULT_HEALTH_POLICY, type PollOutcome } from "../../server/health/health.types";
import { simPollTargets } from "./sim-targets";
import { createLogger } from "../../server/lib/logger";
import { openFileLimit } from "../../server/poller/open-files";

const N = 40;
/** Sockets this process may still open once the limit is lowered: room for some servers, not all. */
const SPARE = 12;
let sim: SimProcess;
let poller: Poller | undefined;
const originalLimit = openFileLimit()!;
const setSoftLimit = (n: number) => execFileSync("prlimit", ["--pid", String(process.pid), `--nofile=${n}:`]);
// Raising the limit back cannot spawn anything from here (no file left for the pipes): a shell
// started beforehand runs prlimit for us, and the limit is read back until it shows.
let shell: ChildProcess | undefined;
async function restoreLimit() {
  shell!.stdin!.write(`prlimit --pid ${process.pid} --nofile=${originalLimit}:\n`);
  while (openFileLimit() !== originalLimit) await new Promise((r) => setTimeout(r, 50));
}

beforeAll(async () => {
  sim = await startSimProcess({ hosts: N, seed: 5, port: 2471, preinstalled: true });
  shell = spawn("sh", [], { stdio: ["pipe", "ignore", "inherit"] });
}, 60_000);
afterAll(async () => {
  if (shell) await restoreLimit();
  shell?.stdin?.end();
  await poller?.stop();
  await sim?.stop();
});

it("a server Tandem cannot open a socket to for want of files is UNKNOWN with the reason, never DOWN, and UP once files are back", async () => {
  const engine = new HealthEngine(DEFAULT_HEALTH_POLICY);
  const kinds = new Set<string>();
  const targets = simPollTargets(sim.manifest.hosts.map((h) => ({ ...h, hostKeyFingerprint: h.fingerprint })), 1000);
  const states = () => [...engine.hosts.values()].map((h) => h.state);
  const count = (s: string) => states().filter((x) => x === s).length;

  setSoftLimit(readdirSync("/proc/self/fd").length + SPARE);
  poller = new Poller({
    loadTargets: async () => targets,
    report: (id, o: PollOutcome) => {
      if (!o.ok) kinds.add(o.kind);
      engine.apply(id, o);
    },
    pinHostKey: async () => undefined,
    log: createLogger({ level: "error" }),
    maxConcurrentConnects: 8,
    reloadEveryMs: 600_000,
    maxBackoffMs: 1000,
  });
  await poller.start();

  // Several polls' worth of refused sockets: long enough for DOWN (downAfter failed polls) if they counted.
  const until = Date.now() + 8000;
  while (Date.now() < until) {
    expect(count("DOWN") + count("UNREACHABLE")).toBe(0);
    await new Promise((r) => setTimeout(r, 200));
  }
  expect(kinds).toContain("local");
  expect(count("UP")).toBeGreaterThan(0);
  expect(count("UNKNOWN")).toBeGreaterThan(0);
  const unknown = [...engine.hosts.values()].find((h) => h.state === "UNKNOWN" && h.reason)!;
  expect(unknown.reason).toMatch(/Tandem could not open a connection: EMFILE, too many open files in Tandem's process/);

  await restoreLimit();
  const back = Date.now() + 30_000;
  while (count("UP") < N && Date.now() < back) await new Promise((r) => setTimeout(r, 250));
  expect(count("UP")).toBe(N);
}, 60_000);
