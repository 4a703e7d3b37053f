// `npx tsx bench/ssh-handshakes.ts [--hosts 3000] [--connects 32]`: what one
// SSH handshake costs each end, Tandem's connection class (server/ssh) against
// the simulated fleet (ssh2's server, standing in for sshd), publickey auth with
// an Ed25519 key as the benchmarks use. Connects to every host, at most
// --connects at once, then closes them all. The figures say how fast a node can
// take over a dead node's servers: after the lease, it is the handshakes.
import { parseArgs } from "node:util";
import { readFileSync } from "node:fs";
import { SshConnection } from "../server/ssh/connection";
import { Semaphore } from "../server/poller/semaphore";
import { startBenchFleet } from "./bench-fleet";

const { values } = parseArgs({ options: { hosts: { type: "string", default: "3000" }, connects: { type: "string", default: "32" } } });
const n = Number(values.hosts);
const cpuS = (pid: number) => {
  const f = readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1]!.split(" ");
  return (Number(f[11]) + Number(f[12])) / 100;
};

const { sim, key } = await startBenchFleet({ hosts: n, shards: 2, port: 2624, credential: "key" });
try {
  const slots = new Semaphore(Number(values.connects));
  const conns: SshConnection[] = [];
  let failed = 0;
  const sim0 = sim.pids.map(cpuS);
  const own0 = process.cpuUsage();
  const t0 = performance.now();
  await Promise.all(
    sim.manifest.hosts.map(async (h) => {
      const release = await slots.acquire();
      try {
        conns.push(await SshConnection.connect({ label: h.name, address: h.address, port: h.port, username: h.username, privateKey: key!.private, expectedFingerprint: h.fingerprint }, { timeoutMs: 30_000 }));
      } catch {
        failed++;
      } finally {
        release();
      }
    }),
  );
  const wallS = (performance.now() - t0) / 1000;
  const own = process.cpuUsage(own0);
  const ownMs = (own.user + own.system) / 1000 / conns.length;
  const simMs = (sim.pids.reduce((a, pid, i) => a + cpuS(pid) - sim0[i]!, 0) * 1000) / conns.length;
  console.log(`${conns.length} handshakes (${failed} failed), ${values.connects} at once: ${(conns.length / wallS).toFixed(0)} per second`);
  console.log(`  CPU per handshake: Tandem's side ${ownMs.toFixed(2)} ms, the simulated sshd's ${simMs.toFixed(2)} ms`);
  console.log(`  so one core of Tandem alone (real sshd on each server) does about ${(1000 / ownMs).toFixed(0)} handshakes a second`);
  for (const c of conns) c.close();
} finally {
  await sim.stop();
}
