// The operations engine against a real PostgreSQL with test actions: steps run
// in order and are recorded, the database refuses a second live operation on a
// group, timeouts pause, failures and aborts unwind in reverse order, and a
// restart resumes or safely ends what was left RUNNING.
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, type TestDatabase } from "./database";
import { createLogger } from "../../server/lib/logger";
import type { Actor } from "../../server/auth/principal";
import { isAppError } from "../../server/errors/app-error";
import { createOperation } from "../../server/operations/create-operation";
import { createOperationsEngine, type OperationsEngine } from "../../server/operations/engine";
import type { ActionHandler } from "../../server/operations/run-step";
import type { TPlanStep } from "../../server/operations/operation.types";

let t: TestDatabase;
const alice: Actor = { userId: null, label: "alice@example.test", requestId: "req-1" };
const log = createLogger({ level: "error" });
let calls: string[] = [];
let engines: OperationsEngine[] = [];
const gateRuns = new Map<string, number>();

const sleep = (ms: number, signal?: AbortSignal) =>
  new Promise<void>((resolve, reject) => {
    const timer = setTimeout(resolve, ms);
    signal?.addEventListener("abort", () => (clearTimeout(timer), reject(new Error("sleep interrupted"))), { once: true });
  });

const tag = (p: Record<string, unknown>) => String(p.tag ?? "");
const actions: Record<string, ActionHandler> = {
  record: async ({ params, log: line }) => {
    calls.push(tag(params));
    line(`recorded ${tag(params)}`);
    return { output: "ok", exitCode: 0 };
  },
  sleep: async ({ params, signal }) => {
    calls.push(`sleep:${tag(params)}`);
    try {
      await sleep(Number(params.ms), signal);
    } catch (e) {
      calls.push(`sleep-interrupted:${tag(params)}`);
      throw e;
    }
    return { output: "slept" };
  },
  fail: async ({ params }) => {
    calls.push(`fail:${tag(params)}`);
    throw Object.assign(new Error(`failed on purpose ${tag(params)}`), { exitCode: 7 });
  },
  // Slow on its first run, quick afterwards: times out once, then a resume completes it.
  gate: async ({ params, signal }) => {
    const n = (gateRuns.get(tag(params)) ?? 0) + 1;
    gateRuns.set(tag(params), n);
    calls.push(`gate:${tag(params)}:${n}`);
    if (n === 1) await sleep(10_000, signal);
    return { output: `run ${n}` };
  },
};
const idem: ActionHandler = async ({ params }) => {
  calls.push(`idem:${tag(params)}`);
  return {};
};
idem.resumable = true;
actions.idem = idem;

type Emitted = { room: string; event: string; payload: { state?: string; step?: { index: number; state: string } } };
function newEngine(emitted?: Emitted[]) {
  let now = Date.parse("2026-11-26T12:00:00Z");
  const engine = createOperationsEngine({
    db: t.db,
    actions,
    log,
    // Each reading of the clock moves it one second: timings are distinct and ordered.
    clock: () => new Date((now += 1000)),
    emit: (room, event, payload) => emitted?.push({ room, event, payload: payload as Emitted["payload"] }),
  });
  engines.push(engine);
  return engine;
}

async function newGroup() {
  return t.db.redundancyGroup.create({ data: { name: `g-${Math.random().toString(36).slice(2, 10)}`, mode: "ACTIVE_PASSIVE" } });
}

const step = (action: string, params: Record<string, unknown>, extra: Partial<TPlanStep> = {}): TPlanStep => ({ action, params, timeoutMs: 5000, ...extra });
const undo = (tagName: string) => ({ rollback: { action: "record", params: { tag: tagName } } });

async function plan(groupId: string | null, steps: TPlanStep[], policy?: { onTimeout: "pause" | "unwind"; continueOnFailure: boolean }) {
  return createOperation(t.db, alice, { kind: "DRILL", groupId, reason: "quarterly drill", ticketRef: "CHG-42", plan: { steps, ...(policy ? { policy } : {}) } });
}

async function until(cond: () => boolean) {
  for (let i = 0; i < 200 && !cond(); i++) await sleep(10);
  expect(cond()).toBe(true);
}

beforeAll(async () => {
  t = await createTestDatabase();
});
afterEach(async () => {
  await Promise.all(engines.map((e) => e.stop()));
  engines = [];
  calls = [];
});
afterAll(async () => {
  await t?.drop();
});

describe("operations engine", () => {
  it("runs steps in order, records each with timings and output, streams every change in order, and audits", async () => {
    const emitted: Emitted[] = [];
    const engine = newEngine(emitted);
    const g = await newGroup();
    const op = await plan(g.id, [step("record", { tag: "one" }), step("record", { tag: "two" }), step("record", { tag: "three" })]);
    expect(op.state).toBe("PLANNED");
    expect(op.steps.map((s) => s.state)).toEqual(["PENDING", "PENDING", "PENDING"]);

    const { operation, done } = await engine.run(op.id, alice);
    expect(operation.state).toBe("RUNNING");
    const end = await done;
    expect(calls).toEqual(["one", "two", "three"]);
    expect(end.state).toBe("SUCCEEDED");
    expect(end.currentStep).toBe(3);
    expect(end.endedAt).not.toBeNull();
    for (const s of end.steps) {
      expect(s.state).toBe("SUCCEEDED");
      expect(Date.parse(s.endedAt!)).toBeGreaterThan(Date.parse(s.startedAt!));
      expect(s.exitCode).toBe(0);
      expect(s.output).toMatch(/^recorded \w+\nok$/);
    }
    expect(Date.parse(end.steps[1]!.startedAt!)).toBeGreaterThan(Date.parse(end.steps[0]!.endedAt!));

    expect(emitted.every((e) => e.room === `operation:${op.id}`)).toBe(true);
    const seq = emitted.map((e) => (e.event === "operation:step" ? `step${e.payload.step!.index}:${e.payload.step!.state}` : `op:${e.payload.state}`));
    expect(seq).toEqual([
      "op:RUNNING",
      "step0:RUNNING", "step0:SUCCEEDED", "op:RUNNING",
      "step1:RUNNING", "step1:SUCCEEDED", "op:RUNNING",
      "step2:RUNNING", "step2:SUCCEEDED", "op:RUNNING",
      "op:SUCCEEDED",
    ]);

    const audit = await t.db.auditEvent.findMany({ where: { targetId: op.id }, orderBy: { id: "asc" } });
    const actionsLogged = audit.map((a) => a.action);
    expect(actionsLogged).toEqual(expect.arrayContaining(["operation.create", "operation.start", "operation.step_succeeded", "operation.succeeded"]));
    expect(audit.find((a) => a.action === "operation.create")).toMatchObject({ actorLabel: "alice@example.test", requestId: "req-1" });
    expect(audit.find((a) => a.action === "operation.create")!.details).toMatchObject({ reason: "quarterly drill", ticketRef: "CHG-42" });
  });

  it("lets the database refuse a second live operation on the same group with a 409", async () => {
    const engine = newEngine();
    const g = await newGroup();
    const first = await plan(g.id, [step("sleep", { ms: 300, tag: "first" })]);
    const { done } = await engine.run(first.id);
    const second = await plan(g.id, [step("record", { tag: "second" })]).catch((e: unknown) => e);
    expect(isAppError(second) && second.code === "CONFLICT" && second.status === 409).toBe(true);
    expect((second as Error).message).toBe("An operation is already running on this group");
    expect((await done).state).toBe("SUCCEEDED");
    // Two concurrent requests: exactly one wins.
    const both = await Promise.allSettled([plan(g.id, [step("record", { tag: "a" })]), plan(g.id, [step("record", { tag: "b" })])]);
    expect(both.filter((r) => r.status === "fulfilled")).toHaveLength(1);
    const lost = both.find((r) => r.status === "rejected");
    expect(isAppError(lost?.reason) && lost.reason.code === "CONFLICT").toBe(true);
    // Operations without a group never conflict.
    await plan(null, [step("record", {})]);
    await plan(null, [step("record", {})]);
  });

  it("pauses on a step timeout and asks the operator; resume re-runs the step, or skips it", async () => {
    const engine = newEngine();
    const g = await newGroup();
    const op = await plan(g.id, [step("record", { tag: "before" }), step("gate", { tag: "t1" }, { timeoutMs: 150 }), step("record", { tag: "after" })]);
    const paused = await (await engine.run(op.id)).done;
    expect(paused.state).toBe("PAUSED");
    expect(paused.currentStep).toBe(1);
    expect(paused.steps.map((s) => s.state)).toEqual(["SUCCEEDED", "TIMED_OUT", "PENDING"]);
    expect(paused.steps[1]!.output).toContain("timed out after 150 ms");
    expect(paused.outcome).toMatch(/waiting for an operator/);
    expect(calls).toEqual(["before", "gate:t1:1"]);

    // A paused operation still holds the group.
    await expect(plan(g.id, [step("record", {})])).rejects.toMatchObject({ code: "CONFLICT" });
    await expect(engine.run(op.id)).rejects.toMatchObject({ code: "CONFLICT" });

    const resumed = await engine.resume(op.id, alice);
    expect(resumed.operation.state).toBe("RUNNING");
    const end = await resumed.done;
    expect(end.state).toBe("SUCCEEDED");
    expect(end.steps.map((s) => s.state)).toEqual(["SUCCEEDED", "SUCCEEDED", "SUCCEEDED"]);
    expect(calls).toEqual(["before", "gate:t1:1", "gate:t1:2", "after"]);
    await expect(engine.resume(op.id, alice)).rejects.toMatchObject({ code: "CONFLICT" });

    const op2 = await plan(g.id, [step("gate", { tag: "t2" }, { timeoutMs: 150 }), step("record", { tag: "after2" })]);
    expect((await (await engine.run(op2.id)).done).state).toBe("PAUSED");
    const skipped = await (await engine.resume(op2.id, alice, { skip: true })).done;
    expect(skipped.state).toBe("SUCCEEDED");
    expect(skipped.steps.map((s) => s.state)).toEqual(["SKIPPED", "SUCCEEDED"]);
    const audit = await t.db.auditEvent.findMany({ where: { targetId: op2.id, action: "operation.resume" } });
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({ actorLabel: "alice@example.test", details: expect.objectContaining({ skip: true }) });
  });

  it("on a failed step, rolls back the succeeded steps in reverse order and ends ROLLED_BACK", async () => {
    const engine = newEngine();
    const g = await newGroup();
    const op = await plan(g.id, [
      step("record", { tag: "a" }, undo("undo-a")),
      step("record", { tag: "b" }, undo("undo-b")),
      step("record", { tag: "check" }), // read-only: nothing to undo
      step("fail", { tag: "d" }, undo("undo-d")),
      step("record", { tag: "never" }, undo("undo-never")),
    ]);
    const end = await (await engine.run(op.id)).done;
    expect(calls).toEqual(["a", "b", "check", "fail:d", "undo-b", "undo-a"]);
    expect(end.state).toBe("ROLLED_BACK");
    expect(end.steps.map((s) => s.state)).toEqual(["ROLLED_BACK", "ROLLED_BACK", "SUCCEEDED", "FAILED", "PENDING"]);
    expect(end.steps[3]).toMatchObject({ exitCode: 7, output: "failed on purpose d" });
    expect(end.steps[0]!.output).toContain("--- rollback record\nrecorded undo-a\nok");
    expect(end.outcome).toBe("step 3 (fail) failed: failed on purpose d; rolled back 2 step(s)");
    // The group is free again.
    await plan(g.id, [step("record", {})]);
  });

  it("with the drills' policy, a timed-out step unwinds at once instead of pausing", async () => {
    const engine = newEngine();
    const g = await newGroup();
    const op = await plan(g.id, [step("record", { tag: "a" }, undo("undo-a")), step("sleep", { tag: "hold", ms: 10_000 }, { timeoutMs: 200 }), step("record", { tag: "never" })], { onTimeout: "unwind", continueOnFailure: false });
    const end = await (await engine.run(op.id)).done;
    expect(end.state).toBe("ROLLED_BACK");
    expect(end.steps.map((s) => s.state)).toEqual(["ROLLED_BACK", "TIMED_OUT", "PENDING"]);
    expect(end.outcome).toBe("step 1 (sleep) timed out after 200 ms; rolled back 1 step(s)");
    expect(calls).toContain("undo-a");
  });

  it("a step marked onFailure stop ends the operation FAILED where it is, undoing nothing", async () => {
    const engine = newEngine();
    const g = await newGroup();
    const op = await plan(g.id, [step("record", { tag: "a" }, undo("undo-a")), step("fail", { tag: "hold" }, { onFailure: "stop" }), step("record", { tag: "never" })]);
    const end = await (await engine.run(op.id)).done;
    expect(calls).toEqual(["a", "fail:hold"]);
    expect(end.state).toBe("FAILED");
    expect(end.steps.map((s) => s.state)).toEqual(["SUCCEEDED", "FAILED", "PENDING"]);
    expect(end.outcome).toBe("step 1 (fail) failed: failed on purpose hold; stopped here without undoing: steps before it stand");
  });

  it("an abort that keeps the first steps undoes only the later ones", async () => {
    const engine = newEngine();
    const g = await newGroup();
    const op = await plan(g.id, [step("record", { tag: "a" }, undo("undo-a")), step("record", { tag: "b" }, undo("undo-b")), step("record", { tag: "c" }, undo("undo-c")), step("sleep", { tag: "wait", ms: 10_000 })]);
    const started = await engine.run(op.id);
    await until(() => calls.includes("sleep:wait"));
    await engine.abort(op.id, alice, "keep the first two", { keepThrough: 1 });
    const end = await started.done;
    expect(calls.filter((c) => c.startsWith("undo"))).toEqual(["undo-c"]);
    expect(end.steps.map((s) => s.state)).toEqual(["SUCCEEDED", "SUCCEEDED", "ROLLED_BACK", "FAILED"]);
    expect(end.outcome).toMatch(/rolled back 1 step\(s\); steps 0-1 stand$/);
  });

  it("with the dry run's policy, every step runs; the operation fails at the end naming the failed ones, undoing nothing", async () => {
    const engine = newEngine();
    const g = await newGroup();
    const op = await plan(g.id, [step("record", { tag: "a" }, undo("undo-a")), step("fail", { tag: "b" }), step("record", { tag: "c" }), step("fail", { tag: "d" })], { onTimeout: "unwind", continueOnFailure: true });
    const end = await (await engine.run(op.id)).done;
    expect(calls).toEqual(["a", "fail:b", "c", "fail:d"]);
    expect(end.state).toBe("FAILED");
    expect(end.steps.map((s) => s.state)).toEqual(["SUCCEEDED", "FAILED", "SUCCEEDED", "FAILED"]);
    expect(end.outcome).toBe("2 of 4 check(s) failed (step 1, 3); nothing was changed");
  });

  it("stops unwinding at a failed rollback and ends FAILED", async () => {
    const engine = newEngine();
    const op = await plan(null, [
      step("record", { tag: "a" }, undo("undo-a")),
      step("record", { tag: "b" }, { rollback: { action: "fail", params: { tag: "undo-b" } } }),
      step("fail", { tag: "c" }),
    ]);
    const end = await (await engine.run(op.id)).done;
    expect(calls).toEqual(["a", "b", "fail:c", "fail:undo-b"]);
    expect(end.state).toBe("FAILED");
    expect(end.steps.map((s) => s.state)).toEqual(["SUCCEEDED", "SUCCEEDED", "FAILED"]);
    expect(end.steps[1]!.output).toContain("--- rollback fail failed");
    expect(end.outcome).toMatch(/rollback of step 1 failed/);
  });

  it("abort signals the running step, rolls back, and ends ROLLED_BACK (or ABORTED when nothing was undone)", async () => {
    const engine = newEngine();
    const g = await newGroup();
    const op = await plan(g.id, [step("record", { tag: "a" }, undo("undo-a")), step("sleep", { ms: 10_000, tag: "long" }, undo("undo-long")), step("record", { tag: "never" })]);
    const { done } = await engine.run(op.id);
    await until(() => calls.includes("sleep:long"));
    const t0 = Date.now();
    const aborted = await engine.abort(op.id, alice, "wrong window");
    const end = await done;
    expect(Date.now() - t0).toBeLessThan(3000);
    expect(aborted.operation.outcome).toMatch(/^abort requested/);
    expect(calls).toEqual(["a", "sleep:long", "sleep-interrupted:long", "undo-a"]);
    expect(end.state).toBe("ROLLED_BACK");
    expect(end.steps.map((s) => s.state)).toEqual(["ROLLED_BACK", "FAILED", "PENDING"]);
    expect(end.steps[1]!.output).toContain("aborted");
    expect(end.outcome).toBe("aborted by alice@example.test: wrong window; rolled back 1 step(s)");
    const audit = await t.db.auditEvent.findMany({ where: { targetId: op.id, action: { in: ["operation.abort_requested", "operation.rolled_back"] } }, orderBy: { id: "asc" } });
    expect(audit.map((a) => [a.action, a.actorLabel])).toEqual([
      ["operation.abort_requested", "alice@example.test"],
      ["operation.rolled_back", "alice@example.test"],
    ]);
    await expect(engine.abort(op.id, alice, "again")).rejects.toMatchObject({ code: "CONFLICT" });

    // A paused operation with nothing to undo ends ABORTED.
    const op2 = await plan(g.id, [step("gate", { tag: "ab" }, { timeoutMs: 150 })]);
    expect((await (await engine.run(op2.id)).done).state).toBe("PAUSED");
    const end2 = await (await engine.abort(op2.id, alice, "")).done;
    expect(end2.state).toBe("ABORTED");
    expect(end2.steps[0]!.state).toBe("TIMED_OUT");
  });

  it("stop() lets the running step finish and record itself; the next engine picks up at the next step", async () => {
    const engine = newEngine();
    const op = await plan(null, [step("sleep", { ms: 200, tag: "s" }), step("record", { tag: "next" })]);
    const { done } = await engine.run(op.id);
    await until(() => calls.includes("sleep:s"));
    await engine.stop();
    const left = await done;
    expect(left.state).toBe("RUNNING");
    expect(left.currentStep).toBe(1);
    expect(left.steps.map((s) => s.state)).toEqual(["SUCCEEDED", "PENDING"]);
    await expect(engine.run(op.id)).rejects.toMatchObject({ code: "UNAVAILABLE" });

    const [r] = await newEngine().start();
    expect(r).toMatchObject({ operationId: op.id, action: "resumed" });
    expect((await r!.done).state).toBe("SUCCEEDED");
    expect(calls).toEqual(["sleep:s", "next"]);
  });

  describe("recover() after a crash", () => {
    async function crashedAtStep1(action: string) {
      const g = await newGroup();
      const op = await plan(g.id, [step("record", { tag: "a" }, undo("undo-a")), step(action, { tag: "b" }, undo("undo-b")), step("record", { tag: "c" })]);
      // What a process killed during step 1 leaves behind.
      await t.db.operation.update({ where: { id: op.id }, data: { state: "RUNNING", startedAt: new Date(), currentStep: 1 } });
      await t.db.operationStep.update({ where: { operationId_index: { operationId: op.id, index: 0 } }, data: { state: "SUCCEEDED", startedAt: new Date(), endedAt: new Date() } });
      await t.db.operationStep.update({ where: { operationId_index: { operationId: op.id, index: 1 } }, data: { state: "RUNNING", startedAt: new Date(), output: "half" } });
      return op;
    }

    it("resumes at the recorded step when its action is safe to repeat", async () => {
      const op = await crashedAtStep1("idem");
      const engine = newEngine();
      const recovered = await engine.start();
      const mine = recovered.find((r) => r.operationId === op.id)!;
      expect(mine.action).toBe("resumed");
      const end = await mine.done;
      expect(calls).toEqual(["idem:b", "c"]);
      expect(end.state).toBe("SUCCEEDED");
      expect(end.steps.map((s) => s.state)).toEqual(["SUCCEEDED", "SUCCEEDED", "SUCCEEDED"]);
    });

    it("otherwise records the step FAILED as interrupted, rolls back, and ends visibly; paused operations stay paused", async () => {
      const op = await crashedAtStep1("record");
      const engine = newEngine();
      const pausedOp = await plan(null, [step("gate", { tag: "p" }, { timeoutMs: 150 })]);
      expect((await (await engine.run(pausedOp.id)).done).state).toBe("PAUSED");

      const restarted = newEngine();
      const recovered = await restarted.recover();
      expect(recovered.map((r) => r.operationId)).toEqual([op.id]);
      const end = await recovered[0]!.done;
      expect(calls).toEqual(["gate:p:1", "undo-a"]);
      expect(end.state).toBe("ROLLED_BACK");
      expect(end.steps.map((s) => s.state)).toEqual(["ROLLED_BACK", "FAILED", "PENDING"]);
      expect(end.steps[1]!.output).toBe("half\ninterrupted by a Tandem restart");
      expect(end.outcome).toBe("step 1 (record) interrupted by a Tandem restart; rolled back 1 step(s)");
      expect(await t.db.auditEvent.count({ where: { targetId: op.id, action: "operation.recover" } })).toBe(1);
      expect((await t.db.operation.findUniqueOrThrow({ where: { id: pausedOp.id } })).state).toBe("PAUSED");
      expect(await t.db.operation.count({ where: { state: "RUNNING" } })).toBe(0);
    });

    it("finishes an abort that was requested before the restart instead of resuming", async () => {
      const op = await crashedAtStep1("idem");
      await t.db.operation.update({ where: { id: op.id }, data: { outcome: "abort requested: aborted by alice@example.test: stop" } });
      const [r] = await newEngine().recover();
      expect(r!.action).toBe("finishing-abort");
      const end = await r!.done;
      expect(calls).toEqual(["undo-a"]);
      expect(end.state).toBe("ROLLED_BACK");
      expect(end.outcome).toBe("aborted by alice@example.test: stop; rolled back 1 step(s)");
    });

    it("finishes a partial abort as partial: the steps it kept stand", async () => {
      const op = await crashedAtStep1("idem");
      await t.db.operation.update({ where: { id: op.id }, data: { outcome: "abort requested [keep 0-0]: aborted by guard: failback onto a dead primary" } });
      const [r] = await newEngine().recover();
      const end = await r!.done;
      expect(calls).toEqual([]);
      expect(end.steps[0]!.state).toBe("SUCCEEDED");
      expect(end.outcome).toBe("aborted by guard: failback onto a dead primary; nothing to roll back; steps 0-0 stand");
    });
  });
});
