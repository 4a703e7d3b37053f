// A real PostgreSQL 15 streaming-replication pair on lab hosts (Debian's
// binaries). Everything runs as the host's own user: the cluster in
// ~/pgdata, the socket in ~/run, the log in ~/postgres.log, listening on the
// host's address and the socket, port 5432. The superuser is `lab` on every
// host (not the unix user's name), so a standby's copy of the primary's
// catalog works for its own user too.
//
// Host-specific settings (address, socket directory, cluster_name) live in
// ~/pghost.conf, outside the data directory, and postgresql.conf includes
// '../pghost.conf': pg_basebackup copies postgresql.conf to the standby, and
// there the same line reads the standby's own file.
//
// The hook commands below are what Tandem runs over SSH as the host user
// (`sh -c`, non-login, minimal PATH, HOME set): absolute paths only, and each
// stays under the 2000 characters a group hook may have.
import { existsSync } from "node:fs";
import path from "node:path";
import type { LabHost } from "./topology";
import { sleep, waitFor, type RunResult } from "./sh";

export const PG_BIN = "/usr/lib/postgresql/15/bin";
export const PG_PORT = 5432;
export const PG_USER = "lab";
/** The database the traffic writes to (table `writes`). */
export const PG_DATABASE = "lab";
/** The soft-fence marker in the host user's home: while it exists, nothing here starts postgres. */
export const FENCE_MARKER = "pg.fenced";

export type PgRole = "primary" | "standby";

// Shared by every hook: the binaries, the data directory, and Q, a psql on the
// socket. A postmaster.pid whose pid is no postgres is stale (the host crashed
// and came back: a new PID namespace, where that pid may be anything) and goes,
// so that pg_ctl neither signals a stranger nor thinks postgres runs.
const PRELUDE = [
  `B=${PG_BIN}`,
  `D="$HOME/pgdata"`,
  `p=$(head -n 1 "$D/postmaster.pid" 2>/dev/null) && [ "$(cat "/proc/$p/comm" 2>/dev/null)" != postgres ] && rm -f "$D/postmaster.pid"`,
  `Q() { "$B/psql" -X -w -q -h "$HOME/run" -p ${PG_PORT} -U ${PG_USER} -d "dbname=postgres connect_timeout=3" -tAc "$1"; }`,
].join("; ");
const ROLE_SQL = "select case when pg_is_in_recovery() then 'standby' else 'primary' end";

/** Prints `primary` or `standby`; fails (no output) when postgres is down. */
const ROLE = `${PRELUDE}; Q "${ROLE_SQL}"`;

/**
 * Exits 0 only if postgres accepts connections and is healthy in its role: a
 * primary (not in recovery), or a standby whose WAL receiver is streaming.
 * Tandem runs `check` on the candidate twice in a switchover: before anything
 * (it is a standby then, streaming from the live primary) and in the verify
 * step after the promotion (it must be primary then: the old primary is
 * stopped or fenced, so a standby there cannot be streaming and fails). In a
 * failover it runs only in verify. Read-only, so dry runs need nothing special.
 */
const CHECK = [
  PRELUDE,
  `r=$(Q "select case when not pg_is_in_recovery() then 'primary' when exists (select 1 from pg_stat_wal_receiver where status = 'streaming') then 'standby' else 'standby-not-streaming' end") || { echo "postgres does not accept connections"; exit 1; }`,
  `echo "$r"`,
  `[ "$r" = primary ] || [ "$r" = standby ]`,
].join("; ");

/**
 * Makes this host the primary and succeeds only when it is one. A standby is
 * promoted (`pg_ctl promote -w`); a stopped server is started first (unless
 * fenced), which is how a switchover's rollback undoes `demote` on the old
 * primary. TANDEM_DRY_RUN=1: checks it could act, changes nothing.
 */
const PROMOTE = [
  PRELUDE,
  `[ -e "$HOME/${FENCE_MARKER}" ] && { echo "fenced ($HOME/${FENCE_MARKER}): not starting postgres"; exit 1; }`,
  `[ -f "$D/PG_VERSION" ] || { echo "no cluster in $D"; exit 1; }`,
  `[ "\${TANDEM_DRY_RUN:-}" = 1 ] && { echo "dry run: would promote $D"; exit 0; }`,
  `"$B/pg_ctl" -D "$D" status >/dev/null 2>&1 || "$B/pg_ctl" -D "$D" -l "$HOME/postgres.log" -w -t 60 start >/dev/null || { echo "postgres did not start"; exit 1; }`,
  `r=$(Q "${ROLE_SQL}")`,
  `[ "$r" = standby ] && { "$B/pg_ctl" -D "$D" promote -w -t 60 || exit 1; }`,
  `r=$(Q "${ROLE_SQL}"); echo "$r"; [ "$r" = primary ]`,
].join("; ");

/**
 * Stops postgres (fast shutdown) so the old primary cannot take writes. A real
 * demotion to a standby of the new primary would need pg_rewind (the old
 * timeline may have diverged) and a standby.signal; stopping is the honest
 * minimum and all that the lab claims. Succeeds when it is stopped.
 */
const DEMOTE = [
  PRELUDE,
  `[ "\${TANDEM_DRY_RUN:-}" = 1 ] && { [ -x "$B/pg_ctl" ] && [ -d "$D" ] && echo "dry run: would stop postgres in $D"; exit $?; }`,
  `if "$B/pg_ctl" -D "$D" status >/dev/null 2>&1; then "$B/pg_ctl" -D "$D" -m fast -w -t 60 stop || exit 1; fi`,
  `"$B/pg_ctl" -D "$D" status >/dev/null 2>&1 && { echo "postgres still running"; exit 1; }`,
  `echo stopped`,
].join("; ");

/**
 * The soft fence, while the host still answers: a marker that every start path
 * here honours (the promote hook, startPostgres), then an immediate stop, then
 * kill -9 of a postmaster that would not stop. Succeeds when postgres is down
 * and the marker is in place; already down is fine.
 */
const FENCE = [
  PRELUDE,
  `[ "\${TANDEM_DRY_RUN:-}" = 1 ] && { [ -x "$B/pg_ctl" ] && echo "dry run: would fence postgres in $D"; exit $?; }`,
  `touch "$HOME/${FENCE_MARKER}" || exit 1`,
  `"$B/pg_ctl" -D "$D" status >/dev/null 2>&1 && "$B/pg_ctl" -D "$D" -m immediate -w -t 10 stop >/dev/null 2>&1`,
  `if "$B/pg_ctl" -D "$D" status >/dev/null 2>&1; then p=$(head -n 1 "$D/postmaster.pid"); kill -9 "$p"; sleep 1; fi`,
  `"$B/pg_ctl" -D "$D" status >/dev/null 2>&1 && { echo "postgres still running"; exit 1; }`,
  `echo "fenced: postgres stopped, $HOME/${FENCE_MARKER} keeps it down"`,
].join("; ");

export const HOOKS: Readonly<{ check: string; promote: string; demote: string; fence: string; role: string }> = {
  check: CHECK,
  promote: PROMOTE,
  demote: DEMOTE,
  fence: FENCE,
  role: ROLE,
};

/**
 * The agent's `--lag-cmd`: replication lag in seconds. 0 on a primary; on a
 * standby 0 when replay has caught up with what was received, else the seconds
 * since the last replayed transaction (Patroni's measure). No output and a
 * failure when postgres is down.
 */
export const LAG_COMMAND = `${PRELUDE}; Q "select case when not pg_is_in_recovery() then 0 when pg_last_wal_receive_lsn() is not null and pg_last_wal_receive_lsn() <= pg_last_wal_replay_lsn() then 0 else round(greatest(0, extract(epoch from now() - coalesce(pg_last_xact_replay_timestamp(), now())))::numeric, 3) end"`;

export function pgAvailable(): boolean {
  return existsSync(path.join(PG_BIN, "initdb")) && existsSync(path.join(PG_BIN, "pg_basebackup"));
}

function requirePg(): void {
  if (!pgAvailable()) throw new Error(`PostgreSQL 15 server binaries not found in ${PG_BIN}: install the Debian package postgresql (apt-get install postgresql)`);
}

/** Runs a shell string inside the host as its user (as Tandem's hooks run); never throws on exit codes. */
export function shAsUser(host: LabHost, script: string, o: { input?: string; timeoutMs?: number } = {}): Promise<RunResult> {
  return host.exec(["sh", "-c", script], { asUser: true, check: false, input: o.input, timeoutMs: o.timeoutMs ?? 90_000 });
}

async function shOk(host: LabHost, what: string, script: string, o: { input?: string; timeoutMs?: number } = {}): Promise<string> {
  const r = await shAsUser(host, script, o);
  if (r.code !== 0) throw new Error(`${host.name}: ${what} failed (exit ${r.code}): ${(r.stderr || r.stdout).trim().slice(0, 800)}`);
  return r.stdout;
}

/** Runs SQL through psql on the host's socket as its user; returns the unaligned, tuples-only output. */
export async function psql(host: LabHost, sql: string, database = "postgres"): Promise<string> {
  const r = await host.exec([path.join(PG_BIN, "psql"), "-X", "-w", "-q", "-v", "ON_ERROR_STOP=1", "-h", path.join(host.home, "run"), "-p", String(PG_PORT), "-U", PG_USER, "-d", `dbname=${database} connect_timeout=3`, "-tA", "-f", "-"], {
    asUser: true,
    check: false,
    input: sql,
    timeoutMs: 30_000,
  });
  if (r.code !== 0) throw new Error(`${host.name}: psql failed (exit ${r.code}): ${(r.stderr || r.stdout).trim().slice(0, 500)}`);
  return r.stdout.trim();
}

/** How a client in the root namespace reaches this host's postgres (the `pg` package's options). */
export function pgTarget(host: LabHost): { host: string; port: number; user: string; database: string } {
  return { host: host.address, port: PG_PORT, user: PG_USER, database: PG_DATABASE };
}

function hostConf(host: LabHost): string {
  return [`listen_addresses = '${host.address}'`, `unix_socket_directories = '${path.join(host.home, "run")}'`, `cluster_name = '${host.name}'`, ""].join("\n");
}

// Appended to the primary's postgresql.conf (later lines win over initdb's).
const CLUSTER_CONF = [
  "",
  "# Tandem lab",
  "include_if_exists '../pghost.conf'",
  `port = ${PG_PORT}`,
  "max_connections = 100",
  "shared_buffers = '32MB'",
  "wal_level = replica",
  "max_wal_senders = 8",
  "max_replication_slots = 8",
  // 1 MB WAL segments (initdb --wal-segsize=1) keep the template and base backups small.
  "min_wal_size = '4MB'",
  "wal_keep_size = '256MB'",
  "hot_standby = on",
  "wal_receiver_status_interval = '1s'",
  "wal_receiver_timeout = '10s'",
  "wal_sender_timeout = '10s'",
  "wal_retrieve_retry_interval = '1s'",
  "log_line_prefix = '%m [%p] '",
  "",
].join("\n");

const HBA = ["", "# Tandem lab: the lab net, trusted", "host all all 10.77.0.0/24 trust", "host replication all 10.77.0.0/24 trust", ""].join("\n");

/** Stops postgres now (immediate) and waits until none of the user's postgres processes is left in the host. */
async function stopHard(host: LabHost): Promise<void> {
  await shAsUser(host, `${PRELUDE}; "$B/pg_ctl" -D "$D" status >/dev/null 2>&1 && "$B/pg_ctl" -D "$D" -m immediate -w -t 10 stop >/dev/null 2>&1; true`);
  // A postmaster killed with -9 leaves backends that exit on their own shortly; kill any straggler by pid.
  const pids = async () =>
    (await shAsUser(host, `ps -u "$(id -u)" -o pid=,comm= | awk '$2 == "postgres" { print $1 }'`)).stdout.split("\n").map((s) => s.trim()).filter(Boolean);
  const until = Date.now() + 3000;
  for (;;) {
    const left = await pids();
    if (left.length === 0) return;
    if (Date.now() > until) {
      await shAsUser(host, `kill -9 ${left.map(Number).filter(Number.isInteger).join(" ")}`);
      await waitFor(`postgres processes on ${host.name} to exit`, async () => (await pids()).length === 0, 5000, 50);
      return;
    }
    await sleep(50);
  }
}

/** Removes the host's cluster, socket dir, log and fence marker, and writes its pghost.conf. */
async function wipe(host: LabHost): Promise<void> {
  if (!host.running()) await host.boot();
  await stopHard(host);
  await shOk(host, "wiping the cluster", `cd "$HOME" && rm -rf pgdata run postgres.log ${FENCE_MARKER} && mkdir -m 700 run && cat > pghost.conf`, { input: hostConf(host) });
}

/** Starts postgres with `pg_ctl -w` unless it runs already; refuses while the host is fenced. */
export async function startPostgres(host: LabHost): Promise<void> {
  await shOk(
    host,
    "starting postgres",
    `${PRELUDE}; [ -e "$HOME/${FENCE_MARKER}" ] && { echo "fenced: $HOME/${FENCE_MARKER}"; exit 1; }; "$B/pg_ctl" -D "$D" status >/dev/null 2>&1 || "$B/pg_ctl" -D "$D" -l "$HOME/postgres.log" -w -t 60 start`,
  );
}

/** Stops postgres (fast shutdown) if it runs. */
export async function stopPostgres(host: LabHost, mode: "fast" | "immediate" = "fast"): Promise<void> {
  await shOk(host, "stopping postgres", `${PRELUDE}; "$B/pg_ctl" -D "$D" status >/dev/null 2>&1 || exit 0; "$B/pg_ctl" -D "$D" -m ${mode} -w -t 60 stop`);
}

// The first initPrimary on a host keeps its fresh cluster (initdb'd, configured,
// database and table created, cleanly stopped) in ~/pgtemplate; later ones copy it
// (a tenth of initdb's time). Host-specific settings are outside it (pghost.conf).
const TEMPLATE = "pgtemplate";

/** A fresh primary: initdb, replication settings, started, with database `lab` and table `writes`. */
export async function initPrimary(host: LabHost): Promise<void> {
  requirePg();
  await wipe(host);
  await freshPrimary(host);
}

async function freshPrimary(host: LabHost): Promise<void> {
  const copied = await shAsUser(host, `[ -f "$HOME/${TEMPLATE}/PG_VERSION" ] && cp -a "$HOME/${TEMPLATE}" "$HOME/pgdata"`);
  if (copied.code === 0) return startPostgres(host);
  await shOk(host, "initdb", `${PRELUDE}; rm -rf "$HOME/${TEMPLATE}"; "$B/initdb" -D "$D" -U ${PG_USER} -A trust -E UTF8 --locale=C --wal-segsize=1 -N --no-instructions >/dev/null`);
  await shOk(host, "configuring", `cat >> "$HOME/pgdata/postgresql.conf"`, { input: CLUSTER_CONF });
  await shOk(host, "configuring pg_hba", `cat >> "$HOME/pgdata/pg_hba.conf"`, { input: HBA });
  await startPostgres(host);
  await psql(host, `create database ${PG_DATABASE} strategy file_copy;`);
  await psql(host, "create table writes (id bigint primary key, written_at timestamptz not null default now());", PG_DATABASE);
  await stopPostgres(host);
  await shOk(host, "keeping a template", `cp -a "$HOME/pgdata" "$HOME/${TEMPLATE}.tmp" && rm -f "$HOME/${TEMPLATE}.tmp/postmaster.opts" && mv "$HOME/${TEMPLATE}.tmp" "$HOME/${TEMPLATE}"`);
  await startPostgres(host);
}

/** A fresh standby of `primary`: pg_basebackup -R -X stream, started, waited on until it streams. */
export async function initStandby(host: LabHost, primary: LabHost): Promise<void> {
  requirePg();
  await wipe(host);
  await freshStandby(host, primary);
}

async function freshStandby(host: LabHost, primary: LabHost): Promise<void> {
  await shOk(host, "pg_basebackup", `${PRELUDE}; "$B/pg_basebackup" -h ${primary.address} -p ${PG_PORT} -U ${PG_USER} -w -D "$D" -R -X stream -c fast -N`);
  await startPostgres(host);
  await waitStreaming(primary, host);
}

/** Until the standby's WAL receiver streams and the primary lists it as streaming. */
export async function waitStreaming(primary: LabHost, standby: LabHost, timeoutMs = 30_000): Promise<void> {
  await waitFor(
    `${standby.name} to stream from ${primary.name}`,
    async () =>
      (await psql(standby, "select count(*) from pg_stat_wal_receiver where status = 'streaming'")) === "1" &&
      (await psql(primary, `select count(*) from pg_stat_replication where application_name = '${standby.name}' and state = 'streaming'`)) === "1",
    timeoutMs,
    50,
  );
}

/**
 * Between scenarios: both stopped and wiped (fence markers too), then a fresh
 * primary on `primary` and its standby. A crashed host is booted first; a cut
 * link is the caller's to restore.
 */
export async function resetPair(primary: LabHost, standby: LabHost): Promise<void> {
  requirePg();
  await Promise.all([wipe(primary), wipe(standby)]);
  await freshPrimary(primary);
  await freshStandby(standby, primary);
}

/** kill -9 of the postmaster; the host (sshd, its agent) stays up. Waits until postgres refuses connections. */
export async function crashPostgres(host: LabHost): Promise<void> {
  await shOk(host, "crashing postgres", `p=$(head -n 1 "$HOME/pgdata/postmaster.pid") && kill -9 "$p"`);
  await waitFor(`postgres on ${host.name} to go down`, async () => (await shAsUser(host, `${PG_BIN}/pg_isready -q -h "$HOME/run" -p ${PG_PORT} -t 1`)).code !== 0, 10_000, 50);
}

/** Pauses WAL replay on a standby (it keeps receiving): its lag grows while the primary takes writes. */
export async function pauseReplay(host: LabHost): Promise<void> {
  await psql(host, "select pg_wal_replay_pause();");
  await waitFor(`replay to pause on ${host.name}`, async () => (await psql(host, "select pg_get_wal_replay_pause_state()")) === "paused", 10_000, 50);
}

export async function resumeReplay(host: LabHost): Promise<void> {
  await psql(host, "select pg_wal_replay_resume();");
}

/** The role the host's postgres reports (the role hook), or null when it is down. */
export async function roleOf(host: LabHost): Promise<PgRole | null> {
  if (!host.running()) return null;
  const r = await shAsUser(host, HOOKS.role, { timeoutMs: 10_000 });
  const out = r.stdout.trim();
  return r.code === 0 && (out === "primary" || out === "standby") ? out : null;
}

/** The lag the agent would report (LAG_COMMAND), or null when it prints nothing. */
export async function lagOf(host: LabHost): Promise<number | null> {
  const r = await shAsUser(host, LAG_COMMAND, { timeoutMs: 10_000 });
  const out = r.stdout.trim();
  return r.code === 0 && /^[0-9]+(\.[0-9]+)?$/.test(out) ? Number(out) : null;
}

/** The ids present in `writes` on this host (psql on its socket as its user). */
export async function rowIds(host: LabHost): Promise<Set<number>> {
  const out = await psql(host, "select id from writes order by id", PG_DATABASE);
  return new Set(out.split("\n").filter(Boolean).map(Number));
}
