// Runs one action handler under the step's timeout and the operation's abort
// signal, and says how it ended. Knows nothing of the database.
import type { Operation } from "../db/generated/client";
import type { TOperationStep } from "./operation.types";
import { stepOutput } from "./step-output";

export type ActionContext = {
  operation: Operation;
  step: TOperationStep;
  params: Record<string, unknown>;
  /** Aborted on timeout or when the operator aborts the operation: stop promptly. */
  signal: AbortSignal;
  /** A line of output for the step's record. */
  log(line: string): void;
};
export type ActionResult = { output?: string; exitCode?: number | null; data?: Record<string, unknown> };
/** Throws to fail the step. `resumable`: safe to run again after a restart interrupted it. */
export type ActionHandler = ((ctx: ActionContext) => Promise<ActionResult>) & { resumable?: boolean };

export type StepOutcome =
  | { kind: "succeeded"; output: string; exitCode: number | null; data: Record<string, unknown> }
  | { kind: "failed"; output: string; exitCode: number | null; error: string }
  | { kind: "timed_out"; output: string }
  | { kind: "aborted"; output: string };

function describeError(e: unknown): { message: string; exitCode: number | null } {
  const exitCode = typeof (e as { exitCode?: unknown } | null)?.exitCode === "number" ? (e as { exitCode: number }).exitCode : null;
  return { message: e instanceof Error ? e.message : String(e), exitCode };
}

export async function runStep(
  handler: ActionHandler,
  ctx: Omit<ActionContext, "signal" | "log">,
  opts: { timeoutMs: number; abort?: AbortSignal },
): Promise<StepOutcome> {
  const controller = new AbortController();
  const lines: string[] = [];
  let timer: NodeJS.Timeout | undefined;
  const onAbort = () => controller.abort(opts.abort?.reason);
  if (opts.abort?.aborted) onAbort();
  else opts.abort?.addEventListener("abort", onAbort, { once: true });

  // An abort signals the handler and lets it end the step itself; the timeout
  // still bounds the wait, so a handler that ignores its signal cannot hang us.
  const timedOut = new Promise<"timeout">((resolve) => {
    timer = setTimeout(() => {
      controller.abort(new Error(`step timed out after ${opts.timeoutMs} ms`));
      resolve("timeout");
    }, opts.timeoutMs);
  });
  const ran = Promise.resolve()
    .then(() => handler({ ...ctx, signal: controller.signal, log: (line) => void lines.push(line) }))
    .then(
      (r) => ({ ok: true as const, r }),
      (e: unknown) => ({ ok: false as const, e }),
    );
  try {
    const res = await Promise.race([ran, timedOut]);
    const aborted = opts.abort?.aborted ?? false;
    if (res === "timeout") return aborted ? { kind: "aborted", output: stepOutput([...lines, "aborted (the handler did not stop before the step timeout)"]) } : { kind: "timed_out", output: stepOutput([...lines, `timed out after ${opts.timeoutMs} ms`]) };
    if (res.ok) return { kind: "succeeded", output: stepOutput(lines, res.r.output), exitCode: res.r.exitCode ?? null, data: res.r.data ?? {} };
    const err = describeError(res.e);
    if (aborted) return { kind: "aborted", output: stepOutput([...lines, `aborted: ${err.message}`]) };
    return { kind: "failed", output: stepOutput([...lines, err.message]), exitCode: err.exitCode, error: err.message };
  } finally {
    clearTimeout(timer);
    opts.abort?.removeEventListener("abort", onAbort);
  }
}
