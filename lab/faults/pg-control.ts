// Tandem's own PostgreSQL for the exerciser: Debian's PostgreSQL 15 binaries,
// a throwaway cluster on a free port, run as the postgres OS user (PostgreSQL
// refuses to run as root). restart() is the "restart its database" fault.
import { execFile, execFileSync } from "node:child_process";
import { promisify } from "node:util";
import { chownSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";

export const PG_BIN = process.env.FAULTS_PG_BIN ?? "/usr/lib/postgresql/15/bin";

export type PgCluster = { url: string; port: number; dir: string; restart(): Promise<void>; stop(): void };

function commandAsPostgres(args: string[]): [string, string[]] {
  return process.getuid?.() === 0 ? ["runuser", ["-u", "postgres", "--", ...args]] : [args[0]!, args.slice(1)];
}

function asPostgres(args: string[], timeoutMs = 60_000): string {
  const [cmd, argv] = commandAsPostgres(args);
  return execFileSync(cmd, argv, { encoding: "utf8", timeout: timeoutMs, stdio: ["ignore", "pipe", "pipe"] });
}

export function startPg(port: number): PgCluster {
  // The parent must be traversable by postgres: a root-owned 0700 tmp dir is not.
  const dir = mkdtempSync(path.join(tmpdir(), "tandem-faults-pg-"));
  const data = path.join(dir, "data");
  if (process.getuid?.() === 0) chownSync(dir, uidOf("postgres"), gidOf("postgres"));
  asPostgres([`${PG_BIN}/initdb`, "-D", data, "-U", "postgres", "--auth=trust", "-E", "UTF8", "--no-sync"]);
  writeFileSync(path.join(dir, "pg.log"), "");
  if (process.getuid?.() === 0) chownSync(path.join(dir, "pg.log"), uidOf("postgres"), gidOf("postgres"));
  const ctlArgs = (...a: string[]) => [`${PG_BIN}/pg_ctl`, "-D", data, "-l", path.join(dir, "pg.log"), "-w", "-t", "30", ...a];
  const ctl = (...a: string[]) => asPostgres(ctlArgs(...a));
  const opts = `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=100`;
  ctl("-o", opts, "start");
  asPostgres([`${PG_BIN}/createdb`, "-h", "127.0.0.1", "-p", String(port), "-U", "postgres", "tandem"]);
  let stopped = false;
  return {
    url: `postgresql://postgres@127.0.0.1:${port}/tandem`,
    port,
    dir,
    // Fast mode: open connections are cut, as a crash-free database restart does.
    // Asynchronous, so the exerciser keeps asking Tandem while the database is away.
    async restart() {
      const [cmd, argv] = commandAsPostgres(ctlArgs("-o", opts, "-m", "fast", "restart"));
      await promisify(execFile)(cmd, argv, { timeout: 60_000 });
    },
    stop() {
      if (stopped) return;
      stopped = true;
      try {
        ctl("-m", "immediate", "stop");
      } catch {
        // already down
      }
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

function uidOf(user: string): number {
  return Number(execFileSync("id", ["-u", user], { encoding: "utf8" }).trim());
}
function gidOf(user: string): number {
  return Number(execFileSync("id", ["-g", user], { encoding: "utf8" }).trim());
}
