// A request that failed because PostgreSQL is away (restarting, unreachable,
// the pool cannot get a connection) is an outage, not a bug: the API answers
// 503 with Retry-After so clients wait and retry, instead of a 500.
const PRISMA_CODES = new Set([
  "P1001", // can't reach database server
  "P1002", // reached but timed out
  "P1008", // operation timed out
  "P1017", // server closed the connection
  "P2024", // timed out fetching a connection from the pool
]);
// PostgreSQL SQLSTATEs: admin shutdown, crash shutdown, cannot connect now (starting or stopping).
const PG_CODES = new Set(["57P01", "57P02", "57P03"]);
const MESSAGES = /Can't reach database server|Connection terminated|terminating connection due to administrator command|the database system is (starting up|shutting down)|ECONNREFUSED|Server has closed the connection/i;

export function isDatabaseUnavailable(err: unknown, depth = 0): boolean {
  if (!err || typeof err !== "object" || depth > 3) return false;
  const e = err as { code?: unknown; message?: unknown; cause?: unknown; meta?: { driverAdapterError?: { cause?: { kind?: string; originalCode?: string } } } };
  if (typeof e.code === "string" && (PRISMA_CODES.has(e.code) || PG_CODES.has(e.code))) return true;
  const adapter = e.meta?.driverAdapterError?.cause;
  if (adapter && (adapter.kind === "DatabaseNotReachable" || adapter.kind === "ConnectionClosed" || PG_CODES.has(adapter.originalCode ?? ""))) return true;
  if (typeof e.message === "string" && MESSAGES.test(e.message)) return true;
  return isDatabaseUnavailable(e.cause, depth + 1);
}
