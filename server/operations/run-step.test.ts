import { describe, expect, it } from "vitest";
import type { Operation } from "../db/generated/client";
import type { TOperationStep } from "./operation.types";
import { runStep, type ActionHandler } from "./run-step";

const ctx = {
  operation: { id: "op" } as Operation,
  step: { id: "s", index: 0, action: "x" } as TOperationStep,
  params: { n: 1 },
};

const sleep = (ms: number, signal: AbortSignal) =>
  new Promise<void>((resolve, reject) => {
    const t = setTimeout(resolve, ms);
    signal.addEventListener("abort", () => (clearTimeout(t), reject(new Error("interrupted"))), { once: true });
  });

describe("runStep", () => {
  it("records log lines, output and exit code of a successful handler", async () => {
    const h: ActionHandler = async ({ log, params }) => {
      log(`n=${String(params.n)}`);
      return { output: "ok", exitCode: 0, data: { a: 1 } };
    };
    expect(await runStep(h, ctx, { timeoutMs: 1000 })).toEqual({ kind: "succeeded", output: "n=1\nok", exitCode: 0, data: { a: 1 } });
  });

  it("reports a thrown error as a failure with its exit code", async () => {
    const h: ActionHandler = async () => {
      throw Object.assign(new Error("boom"), { exitCode: 3 });
    };
    expect(await runStep(h, ctx, { timeoutMs: 1000 })).toMatchObject({ kind: "failed", error: "boom", exitCode: 3 });
  });

  it("times out a handler that ignores its signal without waiting for it", async () => {
    const h: ActionHandler = () => new Promise(() => undefined);
    const t0 = Date.now();
    const out = await runStep(h, ctx, { timeoutMs: 100 });
    expect(out.kind).toBe("timed_out");
    expect(Date.now() - t0).toBeLessThan(1000);
  });

  it("signals the handler on timeout", async () => {
    let seen: AbortSignal | undefined;
    const h: ActionHandler = async ({ signal }) => {
      seen = signal;
      await sleep(10_000, signal);
      return {};
    };
    expect((await runStep(h, ctx, { timeoutMs: 100 })).kind).toBe("timed_out");
    expect(seen?.aborted).toBe(true);
  });

  it("passes an operator's abort to the handler and reports it as aborted", async () => {
    const abort = new AbortController();
    const h: ActionHandler = async ({ signal }) => {
      await sleep(10_000, signal);
      return {};
    };
    setTimeout(() => abort.abort(new Error("stop")), 20);
    const out = await runStep(h, ctx, { timeoutMs: 5000, abort: abort.signal });
    expect(out.kind).toBe("aborted");
    expect(out.output).toContain("aborted");
  });
});
