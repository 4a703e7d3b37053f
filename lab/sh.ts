// Running the lab's commands: argv arrays only (never a shell string built
// from values), with stderr in the error so a failed `ip` says why.
import { execFile } from "node:child_process";

export type RunResult = { stdout: string; stderr: string; code: number };

export class CommandError extends Error {
  constructor(
    readonly argv: string[],
    readonly result: RunResult,
  ) {
    super(`${argv.join(" ")} exited ${result.code}: ${(result.stderr || result.stdout).trim().slice(0, 500)}`);
  }
}

/** Runs argv; throws CommandError on a non-zero exit unless `check` is false. */
export function run(argv: string[], o: { check?: boolean; input?: string; timeoutMs?: number; env?: NodeJS.ProcessEnv } = {}): Promise<RunResult> {
  return new Promise((resolve, reject) => {
    const child = execFile(argv[0]!, argv.slice(1), { timeout: o.timeoutMs ?? 60_000, maxBuffer: 16 * 1024 * 1024, env: o.env ?? process.env }, (err, stdout, stderr) => {
      const code = err ? (typeof (err as { code?: unknown }).code === "number" ? ((err as { code: number }).code) : 1) : 0;
      const result = { stdout: String(stdout), stderr: String(stderr), code };
      if (code !== 0 && o.check !== false) reject(new CommandError(argv, result));
      else resolve(result);
    });
    // Nothing waits on a prompt: stdin is closed unless there is input.
    child.stdin?.end(o.input);
  });
}

export const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

/** Polls `check` every `everyMs` until it returns a truthy value, or throws naming `what`. */
export async function waitFor<T>(what: string, check: () => Promise<T | null | undefined | false> | T | null | undefined | false, timeoutMs = 30_000, everyMs = 100): Promise<T> {
  const until = Date.now() + timeoutMs;
  let last: unknown;
  while (Date.now() < until) {
    try {
      const v = await check();
      if (v) return v;
    } catch (e) {
      last = e;
    }
    await sleep(everyMs);
  }
  throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}${last ? `: ${(last as Error).message}` : ""}`);
}
