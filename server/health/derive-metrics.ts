import type { TAgentSample } from "../agent/agent-sample.types";
import type { THostMetrics } from "./health.types";

const round1 = (n: number) => Math.round(n * 10) / 10;

/** Turns a raw agent sample into the numbers people read; rates come from the previous sample of the same host. */
export function deriveMetrics(cur: TAgentSample, prev: { sample: TAgentSample; at: Date } | null, at: Date): THostMetrics {
  let cpuPct: number | null = null;
  let netRxBps: number | null = null;
  let netTxBps: number | null = null;
  if (prev && cur.uptimeSec >= prev.sample.uptimeSec) {
    const a = prev.sample.cpu.jiffies;
    const b = cur.cpu.jiffies;
    const total = b.reduce((s, v) => s + v, 0) - a.reduce((s, v) => s + v, 0);
    const idle = b[3]! + b[4]! - (a[3]! + a[4]!); // idle + iowait
    if (total > 0) cpuPct = round1(Math.min(100, Math.max(0, (100 * (total - idle)) / total)));
    const dt = (at.getTime() - prev.at.getTime()) / 1000;
    if (dt > 0) {
      const sum = (s: TAgentSample, k: "rxBytes" | "txBytes") => s.net.reduce((acc, n) => acc + n[k], 0);
      const rx = sum(cur, "rxBytes") - sum(prev.sample, "rxBytes");
      const tx = sum(cur, "txBytes") - sum(prev.sample, "txBytes");
      // A counter that went backwards (interface reset) gives no rate rather than a negative one.
      netRxBps = rx >= 0 ? Math.round(rx / dt) : null;
      netTxBps = tx >= 0 ? Math.round(tx / dt) : null;
    }
  }
  const mem = cur.memKb;
  const memPct = mem.total > 0 ? round1((100 * (mem.total - mem.available)) / mem.total) : 0;
  const swapPct = cur.swapKb.total > 0 ? round1((100 * (cur.swapKb.total - cur.swapKb.free)) / cur.swapKb.total) : null;
  let diskPct: number | null = null;
  let diskMount: string | null = null;
  for (const d of cur.disks) {
    // Used share as df computes it: used / (used + available), which leaves out root-reserved blocks.
    const denom = d.usedKb + d.availKb;
    if (denom <= 0) continue;
    const pct = round1((100 * d.usedKb) / denom);
    if (diskPct === null || pct > diskPct) {
      diskPct = pct;
      diskMount = d.mount;
    }
  }
  return {
    cpuPct,
    memPct,
    swapPct,
    load1: cur.load[0],
    load5: cur.load[1],
    load15: cur.load[2],
    cpuCount: cur.cpu.count,
    diskPct,
    diskMount,
    netRxBps,
    netTxBps,
    lagSec: cur.replicationLagSec,
    uptimeSec: cur.uptimeSec,
    raidDegraded: cur.raid.filter((r) => r.degraded).map((r) => r.name),
    servicesDown: cur.services.filter((s) => s.state !== "active").map((s) => s.name),
  };
}
