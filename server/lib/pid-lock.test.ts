import { spawn } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { acquirePidLock, LockHeldError } from "./pid-lock";

const dirs: string[] = [];
const file = () => {
  const d = mkdtempSync(path.join(tmpdir(), "tandem-lock-"));
  dirs.push(d);
  return path.join(d, "tandem.pid");
};
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

describe("pid lock", () => {
  it("is exclusive within a process and released on release()", () => {
    const f = file();
    const lock = acquirePidLock(f);
    expect(readFileSync(f, "utf8").trim()).toBe(String(process.pid));
    expect(() => acquirePidLock(f)).toThrow(LockHeldError);
    lock.release();
    acquirePidLock(f).release();
  });

  it("refuses a lock held by another live process", async () => {
    const f = file();
    const child = spawn(process.execPath, ["-e", "setTimeout(() => {}, 10000)"]);
    try {
      writeFileSync(f, `${child.pid}\n`);
      expect(() => acquirePidLock(f)).toThrow(new RegExp(`held by running process ${child.pid}`));
    } finally {
      child.kill();
    }
  });

  it("takes over a stale lock (dead process, or our own PID left by an earlier process)", async () => {
    const f = file();
    const child = spawn(process.execPath, ["-e", ""]);
    await new Promise((r) => child.on("exit", r));
    writeFileSync(f, `${child.pid}\n`);
    acquirePidLock(f).release();
    writeFileSync(f, `${process.pid}\n`);
    acquirePidLock(f).release();
  });
});
