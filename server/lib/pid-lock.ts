// An exclusive lock on a directory for one process: a file holding our PID,
// created with O_EXCL. A lock whose process is gone is stale and taken over.
import { openSync, readFileSync, unlinkSync, writeSync, closeSync } from "node:fs";

export class LockHeldError extends Error {
  override name = "LockHeldError";
  constructor(
    readonly file: string,
    readonly pid: number,
  ) {
    super(`${file} is held by running process ${pid}`);
  }
}

export function isProcessAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === "EPERM";
  }
}

// Locks this process holds. A lock file with our own PID that is not in here was
// left by an earlier process that had the same PID (common in containers: PID 1).
const heldHere = new Set<string>();

export function acquirePidLock(file: string): { release(): void } {
  for (let attempt = 0; attempt < 3; attempt++) {
    try {
      const fd = openSync(file, "wx", 0o644);
      writeSync(fd, `${process.pid}\n`);
      closeSync(fd);
      heldHere.add(file);
      let released = false;
      return {
        release() {
          if (released) return;
          released = true;
          heldHere.delete(file);
          try {
            if (readFileSync(file, "utf8").trim() === String(process.pid)) unlinkSync(file);
          } catch {
            /* already gone */
          }
        },
      };
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== "EEXIST") throw e;
      const pid = Number.parseInt(readFileSync(file, "utf8").trim(), 10);
      const held = pid === process.pid ? heldHere.has(file) : Number.isInteger(pid) && pid > 0 && isProcessAlive(pid);
      if (held) throw new LockHeldError(file, pid);
      unlinkSync(file); // stale: its process died without releasing it
    }
  }
  throw new Error(`Could not acquire ${file}`);
}
