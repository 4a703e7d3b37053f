// The lab's scenarios: a fault on the PostgreSQL primary, and what Tandem must
// do about it. Each names its fault, how to undo it, and its expectation; the
// runner (run-lab.ts) measures what clients saw.
import type { ChildProcess } from "node:child_process";
import { spawn } from "node:child_process";
import path from "node:path";
import { crashPostgres, pauseReplay } from "./postgres";
import { run, sleep, waitFor } from "./sh";
import { HYPERVISOR_ADDRESS, TANDEM_ADDRESS, type Lab, type LabHost } from "./topology";

export type ScenarioContext = {
  lab: Lab;
  primary: LabHost;
  standby: LabHost;
  /** Writes rows through HAProxy meanwhile (the lagging standby needs them to lag behind). */
  note(line: string): void;
};

export type Expectation =
  /** An automatic failover that ends SUCCEEDED with the standby serving. */
  | { failover: true }
  /** A flapping link: either none, or one that succeeds; never two. */
  | { failover: "at-most-one" }
  /** No failover: an automatic-failover-refused alert whose reasons match. */
  | { failover: false; refusedKind: string; reasons: RegExp };

export type Scenario = {
  name: string;
  what: string;
  expect: Expectation;
  /** Group settings for the scenario. */
  group?: { maxLagSeconds?: number; cooldownSeconds?: number };
  /** How long to watch after the fault when no failover is expected, or at most for one. */
  watchMs: number;
  /** Runs before the fault, with traffic flowing (the lagging standby's pause). */
  prepare?(c: ScenarioContext): Promise<void>;
  /** Injects the fault; may keep going in the background (the flapping link) until `undo`. */
  fault(c: ScenarioContext): Promise<void>;
  undo(c: ScenarioContext): Promise<void>;
  /** More checks once the watch is over: failures as sentences. */
  check?(o: { failovers: number; cooldownSeconds: number }): string[];
};

const TSX = path.resolve(import.meta.dirname, "../node_modules/.bin/tsx");
const DELAY_PROXY = path.resolve(import.meta.dirname, "delay-proxy.ts");
const SLOW_PORT = 2211;

/** Tandem's own traffic to `host`'s sshd, and only Tandem's, detours through the delaying proxy in the hypervisor. */
async function slowLink(host: LabHost, delayMs: number): Promise<ChildProcess> {
  const proxy = spawn("ip", ["netns", "exec", "tlab-hv", TSX, DELAY_PROXY, HYPERVISOR_ADDRESS, String(SLOW_PORT), host.address, "22"], { stdio: ["pipe", "pipe", "inherit"] });
  await new Promise<void>((resolve, reject) => {
    proxy.stdout!.once("data", () => resolve());
    proxy.once("exit", (c) => reject(new Error(`the delay proxy exited ${c}`)));
  });
  proxy.stdin!.write(`delay ${delayMs}\n`);
  await run(["nft", "-f", "-"], {
    input: `table ip tlab {\n  chain out {\n    type nat hook output priority -100; policy accept;\n    ip daddr ${host.address} tcp dport 22 dnat to ${HYPERVISOR_ADDRESS}:${SLOW_PORT}\n  }\n}\n`,
  });
  // Connections made before the rule keep their old path: cut them so Tandem's next ones take the slow one.
  await run(["ss", "-K", "dst", host.address, "dport", "=", "22"], { check: false });
  return proxy;
}

const setOwnLink = (h: LabHost, up: boolean) => h.exec(["ip", "link", "set", "eth0", up ? "up" : "down"]).then(() => undefined);

let proxy: ChildProcess | undefined;
let flapping: Promise<void> | undefined;
let stopFlapping = false;

export const SCENARIOS: Scenario[] = [
  {
    name: "link-cut",
    what: "the primary's link is cut at the hypervisor (the host is gone for everyone)",
    expect: { failover: true },
    watchMs: 60_000,
    fault: ({ lab, primary }) => lab.setLink(primary.name, false),
    undo: ({ lab, primary }) => lab.setLink(primary.name, true),
  },
  {
    name: "host-crash",
    what: "sshd and PostgreSQL killed on the primary (its link stays up; nothing answers)",
    expect: { failover: true },
    watchMs: 60_000,
    fault: ({ primary }) => primary.crash(),
    undo: async ({ lab, primary }) => {
      await lab.setLink(primary.name, true);
      if (!primary.running()) await primary.boot();
    },
  },
  {
    name: "postgres-crash",
    what: "PostgreSQL alone crashes on the primary; the host answers (soft fence by its hook)",
    expect: { failover: true },
    watchMs: 60_000,
    fault: ({ primary }) => crashPostgres(primary),
    undo: ({ lab, primary }) => lab.setLink(primary.name, true),
  },
  {
    name: "tandem-cut-off",
    what: "only Tandem is cut off from the primary; its peers and HAProxy still reach it",
    expect: { failover: false, refusedKind: "second-opinion", reasons: /still|reach/i },
    watchMs: 45_000,
    fault: ({ primary }) =>
      primary.exec(["nft", "-f", "-"], { input: `table ip tlab {\n  chain in {\n    type filter hook input priority 0; policy accept;\n    ip saddr ${TANDEM_ADDRESS} drop\n  }\n}\n` }).then(() => undefined),
    undo: ({ primary }) => primary.exec(["nft", "delete", "table", "ip", "tlab"], { check: false }).then(() => undefined),
  },
  {
    name: "slow-link",
    what: "Tandem's link to the primary slows past the poll timeout (a userspace delaying proxy); the primary is alive",
    expect: { failover: false, refusedKind: "second-opinion", reasons: /still|reach/i },
    watchMs: 60_000,
    async fault({ primary }) {
      proxy = await slowLink(primary, 12_000);
    },
    async undo() {
      await run(["nft", "delete", "table", "ip", "tlab"], { check: false });
      proxy?.kill("SIGKILL");
      proxy = undefined;
    },
  },
  {
    name: "flapping-link",
    what: "the primary's own interface flaps (8 s down, 8 s up, three times), each time back before it is confirmed dead: at most one failover, the cooldown honoured",
    expect: { failover: "at-most-one" },
    group: { cooldownSeconds: 600 },
    watchMs: 52_000,
    async fault({ primary, note }) {
      // The host's own eth0 flaps; the fence acts at the hypervisor's end of the link, so flapping cannot undo a fence.
      stopFlapping = false;
      flapping = (async () => {
        for (let i = 0; i < 3 && !stopFlapping; i++) {
          await setOwnLink(primary, false);
          note(`flap ${i + 1}: down`);
          await sleep(8000);
          await setOwnLink(primary, true);
          await sleep(8000);
        }
      })();
    },
    async undo({ lab, primary }) {
      stopFlapping = true;
      await flapping;
      await setOwnLink(primary, true);
      await lab.setLink(primary.name, true);
    },
    check: ({ failovers }) => (failovers > 1 ? [`${failovers} failovers within the cooldown; at most one expected`] : []),
  },
  {
    name: "lagging-standby",
    what: "the standby's replay is paused, it lags past the group maximum, then the primary's link is cut",
    expect: { failover: false, refusedKind: "no-candidate", reasons: /lag/i },
    group: { maxLagSeconds: 3 },
    watchMs: 45_000,
    async prepare({ standby }) {
      await pauseReplay(standby);
      // Rows keep arriving: the standby's lag (seconds since its last replayed row) grows past the 3 s maximum.
      await sleep(8000);
    },
    fault: ({ lab, primary }) => lab.setLink(primary.name, false),
    undo: ({ lab, primary }) => lab.setLink(primary.name, true),
  },
];

export async function untilTrue(what: string, check: () => Promise<boolean>, timeoutMs: number): Promise<void> {
  await waitFor(what, check, timeoutMs, 250);
}
