import { describe, expect, it } from "vitest";
import type { THistory, THistoryPoint } from "@/server/history/history.types";
import type { THostSampleEvent } from "@/server/fleet/fleet.types";
import { chartSeries, livePoint } from "./history-data";

const p = (t: number, cpu: number | null, up = 1): THistoryPoint => ({ t, cpu, cpuMax: cpu, mem: cpu, disk: cpu, load1: cpu, rxBps: cpu, txBps: cpu, lag: null, up });
const now = 10_000_000;

describe("chart series", () => {
  it("breaks the line where samples stop, instead of drawing across the outage", () => {
    const history: THistory = { range: "15m", resolution: "raw", from: now - 900_000, to: now, points: [p(now - 60_000, 10), p(now - 55_000, 12), p(now - 20_000, 15)] };
    const s = chartSeries(history, [], { range: "15m", pollMs: 5000, now });
    expect(s.points.map((q) => q.cpu)).toEqual([10, 12, null, 15, null]);
    expect(s.hasData).toBe(true);
  });

  it("appends live samples newer than the history for short ranges only, dropping what left the window", () => {
    const history: THistory = { range: "15m", resolution: "raw", from: now - 900_000, to: now, points: [p(now - 901_000, 1), p(now - 5000, 10)] };
    const live = [p(now - 5000, 99), p(now, 11)];
    expect(chartSeries(history, live, { range: "15m", pollMs: 5000, now }).points.map((q) => q.cpu)).toEqual([10, 11]);
    const day: THistory = { ...history, range: "24h", resolution: "minute", points: [p(now - 60_000, 10)] };
    expect(chartSeries(day, live, { range: "24h", pollMs: 5000, now }).points.map((q) => q.cpu)).toEqual([10]);
  });

  it("shows buckets where the host never answered as gaps, and says when nothing has data", () => {
    const history: THistory = { range: "24h", resolution: "minute", from: 0, to: now, points: [p(now - 60_000, 40, 0)] };
    const s = chartSeries(history, [], { range: "24h", pollMs: 5000, now });
    expect(s.points[0]!.cpu).toBeNull();
    expect(s.hasData).toBe(false);
  });

  it("turns a failed poll into a gap, not a repeat of the last good values", () => {
    const metrics = { cpuPct: 50, memPct: 40, swapPct: null, load1: 1, load5: 1, load15: 1, cpuCount: 2, diskPct: 30, diskMount: "/", netRxBps: 1, netTxBps: 2, lagSec: null, uptimeSec: 5, raidDegraded: [], servicesDown: [] };
    const event = (at: number, lastSampleAt: number) => ({ id: "x", at, host: { lastSampleAt }, metrics, sample: null }) as unknown as THostSampleEvent;
    expect(livePoint(event(100, 100)).cpu).toBe(50);
    expect(livePoint(event(200, 100))).toMatchObject({ t: 200, cpu: null, up: 0 });
  });
});
