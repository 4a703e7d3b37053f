import { EventEmitter } from "node:events";
import { describe, expect, it } from "vitest";
import type { Server } from "socket.io";
import { createHealthRelay, decodeBatch, encodeBatch, RELAY_EVENTS, type HealthBatch } from "./health-relay";
import { initialHealth } from "../health/host-health";
import type { HealthEngine } from "../health/health-engine";
import { createLogger } from "../lib/logger";

type RelayOptions = Parameters<typeof createHealthRelay>[0];

/** A relay on stand-ins for socket.io and the engine, with a 10 ms tick. */
function relayOn(io: EventEmitter, engine: EventEmitter, o: Pick<RelayOptions, "nodeId" | "owns" | "peers"> & Partial<RelayOptions>) {
  return createHealthRelay({
    io: io as unknown as Server,
    engine: engine as unknown as HealthEngine,
    onHint: () => undefined,
    onInventoryChanged: () => undefined,
    log: createLogger({ level: "error" }),
    tickMs: 10,
    ...o,
  });
}

// The relay's sending side, on a stand-in for socket.io (serverSideEmit recorded) and the engine's events.
function setup(peers: number, toParent?: (b: HealthBatch) => Promise<void> | void) {
  const sent: HealthBatch[] = [];
  const io = Object.assign(new EventEmitter(), { serverSideEmit: (ev: string, wire: unknown) => void (ev === RELAY_EVENTS.health && sent.push(decodeBatch(wire)!)) });
  const engine = new EventEmitter();
  const relay = relayOn(io, engine, { nodeId: "node-a", owns: () => true, peers: () => peers, toParent });
  const sample = (n: number, at = new Date()) => {
    for (let i = 0; i < n; i++) engine.emit("sampled", { serverId: `s${i}`, at, health: initialHealth(at, "UP") });
  };
  return { relay, sent, sample };
}

const until = async (ok: () => boolean) => {
  for (let i = 0; i < 200 && !ok(); i++) await new Promise((r) => setTimeout(r, 10));
};

describe("health relay", () => {
  it("sends what this node polled to the others, a large tick in chunks of at most 500 rows", async () => {
    const { relay, sent, sample } = setup(1);
    relay.start();
    sample(1200);
    await until(() => relay.stats().sentRows >= 1200);
    await relay.stop();
    expect(sent.map((b) => b.rows.length)).toEqual([500, 500, 200]);
    expect(new Set(sent.flatMap((b) => b.rows.map((r) => r.id))).size).toBe(1200);
  });

  it("sends nothing while no other node is alive", async () => {
    const { relay, sent, sample } = setup(0);
    relay.start();
    sample(50);
    await new Promise((r) => setTimeout(r, 60));
    await relay.stop();
    expect(sent).toEqual([]);
  });

  it("a polling worker hands every batch to its parent over IPC, and to the adapter only when other nodes keep the fleet's health", async () => {
    const toParent: HealthBatch[] = [];
    const alone = setup(0, (b) => void toParent.push(b));
    alone.relay.start();
    alone.sample(30);
    await until(() => alone.relay.stats().sentRows >= 30);
    await alone.relay.stop();
    expect(toParent.flatMap((b) => b.rows).length).toBe(30);
    expect(alone.sent).toEqual([]);

    const withOthers = setup(2, () => undefined);
    withOthers.relay.start();
    withOthers.sample(30);
    await until(() => withOthers.relay.stats().sentRows >= 30);
    await withOthers.relay.stop();
    expect(withOthers.sent.flatMap((b) => b.rows).length).toBe(30);
  });

  it("waits for a slow parent to take each chunk, and sends a server sampled again meanwhile once, with its newest sample", async () => {
    const got: HealthBatch[] = [];
    let inFlight = 0;
    let mostInFlight = 0;
    let release: () => void = () => undefined;
    const { relay, sample } = setup(0, (b) => {
      got.push(b);
      mostInFlight = Math.max(mostInFlight, ++inFlight);
      return new Promise<void>((r) => (release = () => (inFlight--, r())));
    });
    relay.start();
    const older = new Date(1_000_000);
    const newer = new Date(2_000_000);
    sample(1200, older);
    await until(() => got.length === 1); // the parent has the first chunk and is slow to read it
    sample(1200, newer);
    for (let i = 0; i < 50 && relay.stats().sentRows < 1700; i++) {
      release();
      await new Promise((r) => setTimeout(r, 20));
    }
    release();
    await relay.stop();
    expect(mostInFlight).toBe(1);
    // 500 older rows went first; the 700 older ones still waiting were replaced by their newer samples.
    expect(got.flatMap((b) => b.rows).length).toBe(1700);
    const last = new Map(got.flatMap((b) => b.rows).map((r) => [r.id, r.at]));
    expect(last.size).toBe(1200);
    expect([...last.values()].every((at) => at === newer.getTime())).toBe(true);
  });

  it("crosses the adapter as deflated JSON that the other node applies; what is not a batch is refused and said", async () => {
    const { relay, sent, sample } = setup(1);
    relay.start();
    sample(300);
    await until(() => relay.stats().sentRows >= 300);
    await relay.stop();

    // The receiving node: its io gets what the adapter delivers.
    const io = Object.assign(new EventEmitter(), { serverSideEmit: () => undefined });
    const applied: string[] = [];
    const engine = Object.assign(new EventEmitter(), { applyRemote: (id: string) => void applied.push(id), hostKeyChangedRemote: () => undefined });
    const warnings: string[] = [];
    const log = createLogger({ level: "error" });
    const receiver = relayOn(io, engine, {
      nodeId: "node-b",
      owns: () => false,
      peers: () => 1,
      log: Object.assign(Object.create(log) as typeof log, { warn: (m: string) => void warnings.push(m) }),
    });
    receiver.start();
    const wire = await encodeBatch(sent[0]!);
    expect(wire.length).toBeLessThan(JSON.stringify(sent[0]).length / 3);
    io.emit(RELAY_EVENTS.health, wire);
    expect(applied.length).toBe(sent[0]!.rows.length);
    io.emit(RELAY_EVENTS.health, sent[0]); // an object, as an older node sent it
    io.emit(RELAY_EVENTS.health, Buffer.from("not deflated"));
    await receiver.stop();
    expect(applied.length).toBe(sent[0]!.rows.length);
    expect(warnings).toEqual(["a health batch from another node could not be read; its servers show as stale here until it can"]);
  });
});
