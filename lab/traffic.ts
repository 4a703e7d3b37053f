// The lab's traffic: numbered rows written through HAProxy's PostgreSQL
// frontend and reads of the web pool through its HTTP frontend, bounded in
// time, every attempt recorded (id, start, end, ok or the error). Runs in the
// root namespace. Each write is a fresh short-lived connection (connect
// timeout ~1 s, statement timeout ~2 s), so a failover is seen at once and
// nothing waits on a dead backend; attempts start on a fixed schedule, not one
// after the other, so an outage is measured at the schedule's resolution.
import http from "node:http";
import pg from "pg";

export type AttemptKind = "write" | "read";
export type Attempt = {
  kind: AttemptKind;
  /** Writes: the row id written. Reads: the read's sequence number. */
  id: number;
  startedAt: number;
  endedAt: number;
  ok: boolean;
  /** Why it failed (ok: false). */
  error?: string;
};
export type TrafficLog = Attempt[];

export type TrafficOptions = {
  /** HAProxy's PostgreSQL frontend (or a server directly). */
  pg: { host: string; port: number; user: string; database: string };
  /** HAProxy's HTTP frontend, e.g. http://10.77.0.20:80/ ; no reads when absent. */
  httpUrl?: string;
  /** The generator stops by itself after this long. */
  durationMs: number;
  writesPerSec?: number;
  readsPerSec?: number;
  /** The first row id (later ids count up from it). */
  firstId?: number;
  connectTimeoutMs?: number;
  statementTimeoutMs?: number;
  readTimeoutMs?: number;
  /** Attempts of one kind in flight beyond this are not started (counted in `skipped`). */
  maxInFlight?: number;
};

export type Traffic = {
  /** Stops starting attempts, waits for those in flight, returns the log (ordered by start). */
  stop(): Promise<TrafficLog>;
  /** Resolves with the log when the duration is over (or stop() was called). */
  done: Promise<TrafficLog>;
  /** Live counts, for progress lines. */
  stats(): { writes: number; writesOk: number; reads: number; readsOk: number; inFlight: number; skipped: number };
};

const errorText = (e: unknown) => (e instanceof Error ? e.message : String(e)).replace(/\s+/g, " ").slice(0, 300) || "error";

/** One write on a fresh connection: resolves when the commit is acknowledged, rejects otherwise. */
async function writeRow(o: TrafficOptions, id: number): Promise<void> {
  const statementTimeout = o.statementTimeoutMs ?? 2000;
  const client = new pg.Client({
    ...o.pg,
    connectionTimeoutMillis: o.connectTimeoutMs ?? 1000,
    statement_timeout: statementTimeout,
    // The client's own limit: a link cut mid-query leaves the server nothing to time out.
    query_timeout: statementTimeout + 500,
    application_name: "tandem-lab-traffic",
  });
  client.on("error", () => undefined);
  try {
    await client.connect();
    await client.query("insert into writes (id) values ($1)", [id]);
  } finally {
    client.end().catch(() => undefined);
  }
}

/** One GET on a fresh connection: ok on a 2xx within the timeout. */
function readOnce(url: string, timeoutMs: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const req = http.get(url, { agent: false, timeout: timeoutMs }, (res) => {
      res.resume();
      res.on("end", () => {
        const status = res.statusCode ?? 0;
        if (status >= 200 && status < 300) resolve();
        else reject(new Error(`HTTP ${status}`));
      });
      res.on("error", reject);
    });
    const timer = setTimeout(() => req.destroy(new Error(`timeout after ${timeoutMs} ms`)), timeoutMs);
    req.on("close", () => clearTimeout(timer));
    req.on("timeout", () => req.destroy(new Error(`timeout after ${timeoutMs} ms`)));
    req.on("error", reject);
  });
}

export function startTraffic(o: TrafficOptions): Traffic {
  const log: Attempt[] = [];
  const pending = new Set<Promise<void>>();
  const inFlight: Record<AttemptKind, number> = { write: 0, read: 0 };
  const maxInFlight = o.maxInFlight ?? 200;
  let skipped = 0;
  let nextId = o.firstId ?? 1;
  let nextRead = 1;
  let stopped = false;

  const attempt = (kind: AttemptKind, id: number, f: () => Promise<void>) => {
    if (inFlight[kind] >= maxInFlight) {
      skipped++;
      return;
    }
    inFlight[kind]++;
    const startedAt = Date.now();
    const p = f().then(
      () => void log.push({ kind, id, startedAt, endedAt: Date.now(), ok: true }),
      (e: unknown) => void log.push({ kind, id, startedAt, endedAt: Date.now(), ok: false, error: errorText(e) }),
    );
    const tracked = p.finally(() => {
      inFlight[kind]--;
      pending.delete(tracked);
    });
    pending.add(tracked);
  };

  const timers: NodeJS.Timeout[] = [];
  timers.push(
    setInterval(() => {
      const id = nextId++;
      attempt("write", id, () => writeRow(o, id));
    }, 1000 / (o.writesPerSec ?? 20)),
  );
  if (o.httpUrl) {
    const url = o.httpUrl;
    timers.push(setInterval(() => attempt("read", nextRead++, () => readOnce(url, o.readTimeoutMs ?? 1000)), 1000 / (o.readsPerSec ?? 10)));
  }

  let resolveDone!: (l: TrafficLog) => void;
  const done = new Promise<TrafficLog>((r) => (resolveDone = r));
  const stop = async (): Promise<TrafficLog> => {
    if (!stopped) {
      stopped = true;
      clearTimeout(endTimer);
      for (const t of timers) clearInterval(t);
      while (pending.size) await Promise.all([...pending]);
      log.sort((a, b) => a.startedAt - b.startedAt || a.id - b.id);
      resolveDone(log);
    }
    return done;
  };
  const endTimer = setTimeout(() => void stop(), o.durationMs);

  return {
    stop,
    done,
    stats: () => ({
      writes: log.filter((a) => a.kind === "write").length,
      writesOk: log.filter((a) => a.kind === "write" && a.ok).length,
      reads: log.filter((a) => a.kind === "read").length,
      readsOk: log.filter((a) => a.kind === "read" && a.ok).length,
      inFlight: inFlight.write + inFlight.read,
      skipped,
    }),
  };
}

export type Analysis = {
  writes: number;
  reads: number;
  failedWrites: number;
  failedReads: number;
  /**
   * From the fault to the end of the first successful write that started after
   * the first write failing at or after the fault (ended at/after it). 0 when
   * no write failed after the fault; null when writes never came back.
   */
  rtoMs: number | null;
  /**
   * Total time writes were failing: for each run of failing writes (in start
   * order), from the first failure's start to the end of the next successful
   * write, or to the end of the log when none came.
   */
  outageMs: number;
  /** Writes acknowledged ok whose row is absent from `rowsPresent`. */
  lostAckedWrites: number;
  lostIds: number[];
  /** Writes that failed (no acknowledgement) but whose row is present anyway: committed, ack lost. */
  failedButPresent: number;
};

/**
 * Reads a traffic log against the fault time and the rows on the primary that
 * serves at the end. Pure: no clock, no I/O.
 */
export function analyse(log: TrafficLog, o: { faultAt: number; rowsPresent: Set<number> }): Analysis {
  const writes = log.filter((a) => a.kind === "write").sort((a, b) => a.startedAt - b.startedAt || a.id - b.id);
  const reads = log.filter((a) => a.kind === "read");

  let rtoMs: number | null = 0;
  const firstFailure = writes.find((a) => !a.ok && a.endedAt >= o.faultAt);
  if (firstFailure) {
    const back = writes.filter((a) => a.ok && a.startedAt >= firstFailure.startedAt).sort((a, b) => a.endedAt - b.endedAt)[0];
    rtoMs = back ? Math.max(0, back.endedAt - o.faultAt) : null;
  }

  let outageMs = 0;
  let outageStart: number | null = null;
  for (const a of writes) {
    if (!a.ok && outageStart === null) outageStart = a.startedAt;
    else if (a.ok && outageStart !== null) {
      outageMs += a.endedAt - outageStart;
      outageStart = null;
    }
  }
  if (outageStart !== null) outageMs += Math.max(...writes.map((a) => a.endedAt)) - outageStart;

  const lostIds = writes.filter((a) => a.ok && !o.rowsPresent.has(a.id)).map((a) => a.id).sort((x, y) => x - y);
  return {
    writes: writes.length,
    reads: reads.length,
    failedWrites: writes.filter((a) => !a.ok).length,
    failedReads: reads.filter((a) => !a.ok).length,
    rtoMs,
    outageMs,
    lostAckedWrites: lostIds.length,
    lostIds,
    failedButPresent: writes.filter((a) => !a.ok && o.rowsPresent.has(a.id)).length,
  };
}
