import { describe, expect, it, vi } from "vitest";
import { encodeDelta, type TFleetHost } from "@/server/fleet/fleet.types";
import { FleetStore } from "./fleet-store";

function host(id: string, over: Partial<TFleetHost> = {}): TFleetHost {
  return { id, name: id, address: "10.0.0.1", site: null, tags: [], enabled: true, pollMs: 5000, state: "UP", since: 1, reason: null, lastSampleAt: 1000, cpu: 10, mem: 20, disk: 30, load1: 0.5, lag: null, health: over.state && over.state !== "MAINTENANCE" ? over.state : "UP", maintenance: null, ...over };
}

function setup() {
  const resync = vi.fn();
  const store = new FleetStore(resync);
  store.applySnapshot({ seq: 10, at: Date.now(), hosts: [host("a"), host("b")] });
  return { store, resync };
}

describe("FleetStore", () => {
  it("applies deltas in sequence and tells only the touched host's listeners", () => {
    const { store, resync } = setup();
    const a = vi.fn();
    const b = vi.fn();
    const shape = vi.fn();
    store.subscribeHost("a", a);
    store.subscribeHost("b", b);
    store.subscribeShape(shape);
    store.applyDelta({ seq: 11, at: Date.now(), rows: [encodeDelta(host("a", { cpu: 99 }))] });
    expect(store.getHost("a")?.cpu).toBe(99);
    expect(a).toHaveBeenCalledTimes(1);
    expect(b).not.toHaveBeenCalled();
    // A metric change does not reshape the fleet; a state change does.
    expect(shape).not.toHaveBeenCalled();
    store.applyDelta({ seq: 12, at: Date.now(), rows: [encodeDelta(host("b", { state: "DOWN", reason: "refused" }))] });
    expect(shape).toHaveBeenCalledTimes(1);
    expect(store.getShape().version).toBe(2);
    expect(store.getHost("b")).toMatchObject({ state: "DOWN", reason: "refused" });
    expect(resync).not.toHaveBeenCalled();
  });

  it("ignores deltas already in the snapshot and resyncs on a gap, ignoring deltas until the next snapshot", () => {
    const { store, resync } = setup();
    store.applyDelta({ seq: 9, at: Date.now(), rows: [encodeDelta(host("a", { cpu: 1 }))] });
    expect(store.getHost("a")?.cpu).toBe(10);
    store.applyDelta({ seq: 12, at: Date.now(), rows: [encodeDelta(host("a", { cpu: 2 }))] });
    expect(resync).toHaveBeenCalledTimes(1);
    expect(store.getHost("a")?.cpu).toBe(10);
    store.applyDelta({ seq: 13, at: Date.now(), rows: [encodeDelta(host("a", { cpu: 3 }))] });
    expect(resync).toHaveBeenCalledTimes(1);
    store.applySnapshot({ seq: 13, at: Date.now(), hosts: [host("a", { cpu: 3 })] });
    store.applyDelta({ seq: 14, at: Date.now(), rows: [encodeDelta(host("a", { cpu: 4 }))] });
    expect(store.getHost("a")?.cpu).toBe(4);
    expect(store.getHost("b")).toBeUndefined();
  });

  it("resyncs on a host it does not know and on an inventory change newer than its snapshot", () => {
    const { store, resync } = setup();
    store.applyInventoryChanged({ seq: 10 });
    expect(resync).not.toHaveBeenCalled();
    store.applyDelta({ seq: 11, at: Date.now(), rows: [encodeDelta(host("zz"))] });
    expect(resync).toHaveBeenCalledTimes(1);
    store.applySnapshot({ seq: 11, at: Date.now(), hosts: [host("a")] });
    store.applyInventoryChanged({ seq: 12 });
    expect(resync).toHaveBeenCalledTimes(2);
  });

  it("starts over from a snapshot after the connection drops", () => {
    const { store, resync } = setup();
    store.connectionLost();
    store.applyDelta({ seq: 11, at: Date.now(), rows: [encodeDelta(host("a", { cpu: 50 }))] });
    expect(store.getHost("a")?.cpu).toBe(10);
    expect(resync).not.toHaveBeenCalled();
  });
});
