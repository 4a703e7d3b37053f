// A small client for HAProxy's runtime API (the "stats socket" at level admin).
// One command per connection, HAProxy's non-interactive mode: we write one
// line, HAProxy answers and closes. Commands are fixed templates filled with
// validated names only; HAProxy would run "a; b" as two commands.
import net from "node:net";
import { classifySocketError, HaproxyError } from "./haproxy-errors";
import {
  ZHaproxyAddress,
  ZHaproxyName,
  ZServerAdminState,
  ZServerStateRow,
  ZStatServerRow,
  type TServerAdminFlags,
  type TServerAdminState,
  type TServerOperationalState,
  type TServerStateRow,
  type TStatServerRow,
} from "./haproxy.types";

export type RuntimeOptions = {
  /** Whole command, connect to close. */
  timeoutMs?: number;
  maxOutputBytes?: number;
};

const DEFAULT_TIMEOUT_MS = 5_000;
const DEFAULT_MAX_OUTPUT = 1024 * 1024;

type Endpoint = { path: string } | { host: string; port: number };

function endpoint(address: string): Endpoint {
  const parsed = ZHaproxyAddress.safeParse(address);
  if (!parsed.success) {
    throw new HaproxyError("invalid-argument", String(address), `invalid HAProxy runtime API address ${JSON.stringify(address)}: ${parsed.error.issues[0]?.message}`);
  }
  if (address.startsWith("/")) return { path: address };
  const colon = address.lastIndexOf(":");
  return { host: address.slice(0, colon).replace(/^\[(.*)\]$/, "$1"), port: Number(address.slice(colon + 1)) };
}

function name(address: string, what: string, value: unknown): string {
  const parsed = ZHaproxyName.safeParse(value);
  if (!parsed.success) {
    throw new HaproxyError("invalid-argument", address, `invalid HAProxy ${what} name ${JSON.stringify(value)}: ${parsed.error.issues[0]?.message}`);
  }
  return parsed.data;
}

/** Sends one command line and returns HAProxy's whole answer. */
function send(address: string, command: string, opts: RuntimeOptions = {}): Promise<string> {
  const target = endpoint(address);
  const timeoutMs = opts.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const maxOutput = opts.maxOutputBytes ?? DEFAULT_MAX_OUTPUT;
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let settled = false;
    const sock = net.connect(target);
    const finish = (err: HaproxyError | null) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      sock.destroy();
      if (err) reject(err);
      else resolve(Buffer.concat(chunks).toString("utf8"));
    };
    const timer = setTimeout(
      () => finish(new HaproxyError("timeout", address, `HAProxy runtime API at ${address}: no complete answer to "${command}" within ${timeoutMs} ms`, { command })),
      timeoutMs,
    );
    sock.on("connect", () => sock.write(`${command}\n`));
    sock.on("data", (d: Buffer) => {
      size += d.length;
      if (size > maxOutput) {
        finish(new HaproxyError("output-too-large", address, `HAProxy runtime API at ${address}: answer to "${command}" exceeds ${maxOutput} bytes`, { command }));
        return;
      }
      chunks.push(d);
    });
    sock.on("error", (e) => finish(classifySocketError(e, address, command)));
    // HAProxy closes once it has answered: that is the end of the answer.
    sock.on("close", () => finish(null));
  });
}

/** HAProxy reports failures as free text on an otherwise normal answer. */
function answerError(address: string, command: string, text: string): HaproxyError {
  const response = text.trim();
  const kind = /^(No such (server|backend|proxy)|Can't find backend)\b/i.test(response) ? "not-found" : "rejected";
  return new HaproxyError(kind, address, `HAProxy at ${address} refused "${command}": ${response.slice(0, 300) || "(empty answer)"}`, { command, response });
}

// enum srv_admin, include/haproxy/server-t.h (2.6).
const ADMF_FMAINT = 0x01;
const ADMF_MAINT = 0x23; // FMAINT | IMAINT | RMAINT; CMAINT (0x04) deliberately excluded by HAProxy
const ADMF_CMAINT = 0x04;
const ADMF_DRAIN = 0x18; // FDRAIN | IDRAIN

export function decodeAdminFlags(raw: number): TServerAdminFlags {
  return {
    maint: (raw & ADMF_MAINT) !== 0,
    drain: (raw & ADMF_DRAIN) !== 0,
    forcedMaint: (raw & ADMF_FMAINT) !== 0,
    configDisabled: (raw & ADMF_CMAINT) !== 0,
    raw,
  };
}

const OP_STATES: TServerOperationalState[] = ["stopped", "starting", "running", "stopping"];

function toInt(v: string | undefined): number | null {
  if (v === undefined || !/^-?\d+$/.test(v)) return null;
  return Number(v);
}

/**
 * Parses `show servers state` (format version 1): a "1" line, a "# be_id
 * be_name srv_id srv_name ..." header, space-separated rows, a blank line.
 * Columns are looked up by header name, so versions that add columns still parse.
 */
export function parseServersState(text: string, address = "", command = "show servers state"): TServerStateRow[] {
  const lines = text.split("\n").map((l) => l.trimEnd());
  if (lines[0]?.trim() !== "1") {
    if (!text.trim()) throw new HaproxyError("protocol", address, `HAProxy at ${address}: empty answer to "${command}"`, { command });
    if (!/^\d+$/.test(lines[0]!.trim())) throw answerError(address, command, text);
    throw new HaproxyError("protocol", address, `HAProxy at ${address}: unsupported "show servers state" format version ${JSON.stringify(lines[0])}`, { command, response: text.slice(0, 300) });
  }
  const header = lines[1];
  if (!header?.startsWith("# ")) {
    throw new HaproxyError("protocol", address, `HAProxy at ${address}: "show servers state" answer has no header`, { command, response: text.slice(0, 300) });
  }
  const columns = header.slice(2).split(/\s+/);
  const at = (n: string) => columns.indexOf(n);
  const needed = ["be_id", "be_name", "srv_id", "srv_name", "srv_addr", "srv_op_state", "srv_admin_state", "srv_uweight", "srv_iweight", "srv_time_since_last_change"];
  const missing = needed.filter((n) => at(n) < 0);
  if (missing.length) {
    throw new HaproxyError("protocol", address, `HAProxy at ${address}: "show servers state" lacks columns ${missing.join(", ")}`, { command });
  }
  const rows: TServerStateRow[] = [];
  for (const line of lines.slice(2)) {
    if (!line.trim()) continue;
    const f = line.trim().split(/\s+/);
    const get = (n: string) => (at(n) >= 0 ? f[at(n)] : undefined);
    const adminRaw = toInt(get("srv_admin_state"));
    const opCode = toInt(get("srv_op_state"));
    const admin = decodeAdminFlags(adminRaw ?? -1);
    const port = toInt(get("srv_port"));
    const candidate = {
      backendId: toInt(get("be_id")),
      backend: get("be_name"),
      serverId: toInt(get("srv_id")),
      server: get("srv_name"),
      address: get("srv_addr") === "-" ? null : get("srv_addr"),
      port: port && port > 0 ? port : null,
      operationalState: opCode === null ? undefined : OP_STATES[opCode],
      admin,
      adminState: admin.maint ? "maint" : admin.drain ? "drain" : "ready",
      weight: toInt(get("srv_uweight")),
      initialWeight: toInt(get("srv_iweight")),
      secondsSinceLastChange: toInt(get("srv_time_since_last_change")),
    };
    const parsed = ZServerStateRow.safeParse(candidate);
    if (!parsed.success || adminRaw === null) {
      throw new HaproxyError("protocol", address, `HAProxy at ${address}: unreadable "show servers state" row ${JSON.stringify(line.slice(0, 200))}`, { command });
    }
    rows.push(parsed.data);
  }
  return rows;
}

/** Splits one CSV line; HAProxy quotes fields that contain commas or quotes. */
function csvFields(line: string): string[] {
  const out: string[] = [];
  let cur = "";
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const c = line[i]!;
    if (quoted) {
      if (c === '"' && line[i + 1] === '"') (cur += '"'), i++;
      else if (c === '"') quoted = false;
      else cur += c;
    } else if (c === '"') quoted = true;
    else if (c === ",") out.push(cur), (cur = "");
    else cur += c;
  }
  out.push(cur);
  return out;
}

/** Parses `show stat` CSV, keeping server rows (type 2) only. */
export function parseStatCsv(text: string, address = "", command = "show stat"): TStatServerRow[] {
  const lines = text.split("\n").filter((l) => l.trim());
  if (!lines[0]?.startsWith("# pxname,")) throw answerError(address, command, text);
  const columns = csvFields(lines[0].slice(2));
  const at = (n: string) => columns.indexOf(n);
  const rows: TStatServerRow[] = [];
  for (const line of lines.slice(1)) {
    const f = csvFields(line);
    const get = (n: string) => (at(n) >= 0 ? f[at(n)] : undefined);
    if (get("type") !== "2") continue;
    const parsed = ZStatServerRow.safeParse({
      backend: get("pxname"),
      server: get("svname"),
      status: get("status") ?? "",
      scur: toInt(get("scur")) ?? 0,
      stot: toInt(get("stot")) ?? 0,
      weight: toInt(get("weight")) ?? 0,
      checkStatus: get("check_status") ?? "",
      secondsSinceLastChange: toInt(get("lastchg")),
    });
    if (!parsed.success) {
      throw new HaproxyError("protocol", address, `HAProxy at ${address}: unreadable "show stat" row ${JSON.stringify(line.slice(0, 200))}`, { command });
    }
    rows.push(parsed.data);
  }
  return rows;
}

export async function showServersState(address: string, backend: string, opts?: RuntimeOptions): Promise<TServerStateRow[]> {
  const command = `show servers state ${name(address, "backend", backend)}`;
  return parseServersState(await send(address, command, opts), address, command);
}

export async function getServerState(address: string, backend: string, server: string, opts?: RuntimeOptions): Promise<TServerStateRow> {
  const srv = name(address, "server", server);
  const rows = await showServersState(address, backend, opts);
  const row = rows.find((r) => r.server === srv);
  if (!row) throw new HaproxyError("not-found", address, `HAProxy at ${address}: No such server ${backend}/${srv}.`, { command: `show servers state ${backend}` });
  return row;
}

export async function setServerState(address: string, backend: string, server: string, state: TServerAdminState, opts?: RuntimeOptions): Promise<void> {
  const be = name(address, "backend", backend);
  const srv = name(address, "server", server);
  const wanted = ZServerAdminState.safeParse(state);
  if (!wanted.success) throw new HaproxyError("invalid-argument", address, `invalid server state ${JSON.stringify(state)}: expected ready, drain or maint`);
  const command = `set server ${be}/${srv} state ${wanted.data}`;
  const answer = await send(address, command, opts);
  // Success is an empty answer (a lone newline); anything else is an error text.
  if (answer.trim() !== "") throw answerError(address, command, answer);
}

/** `show stat` server rows, optionally of one backend only. */
export async function showStat(address: string, backend?: string, opts?: RuntimeOptions): Promise<TStatServerRow[]> {
  // "<proxy> <type mask> <server id>": 4 = servers, -1 = all of them.
  const command = backend === undefined ? "show stat -1 4 -1" : `show stat ${name(address, "backend", backend)} 4 -1`;
  return parseStatCsv(await send(address, command, opts), address, command);
}

export type Clock = { now(): number; sleep(ms: number): Promise<void> };
export const systemClock: Clock = { now: () => Date.now(), sleep: (ms) => new Promise((r) => setTimeout(r, ms)) };

export type WaitOptions = RuntimeOptions & {
  /** How long HAProxy has to report the state. */
  deadlineMs?: number;
  intervalMs?: number;
  clock?: Clock;
};

/**
 * Polls until HAProxy reports `want` as the server's admin state. Transport
 * failures are retried until the deadline (a reload briefly closes the
 * socket); a missing server or a refused command fails at once.
 */
export async function waitForServerState(
  address: string,
  backend: string,
  server: string,
  want: TServerAdminState,
  opts: WaitOptions = {},
): Promise<TServerStateRow> {
  const clock = opts.clock ?? systemClock;
  const deadlineMs = opts.deadlineMs ?? 5_000;
  const interval = opts.intervalMs ?? 100;
  const deadline = clock.now() + deadlineMs;
  let last: string = "nothing yet";
  let lastError: unknown;
  for (;;) {
    const remaining = deadline - clock.now();
    try {
      const row = await getServerState(address, backend, server, {
        ...opts,
        timeoutMs: Math.max(1, Math.min(opts.timeoutMs ?? DEFAULT_TIMEOUT_MS, remaining)),
      });
      if (row.adminState === want) return row;
      last = row.adminState;
      lastError = undefined;
    } catch (e) {
      if (e instanceof HaproxyError && !["refused", "unreachable", "timeout", "closed"].includes(e.kind)) throw e;
      // A last attempt squeezed by the deadline (a late timer under load) says nothing new: keep the state it last reported.
      const squeezed = e instanceof HaproxyError && e.kind === "timeout" && deadline - clock.now() <= interval && lastError === undefined && last !== "nothing yet";
      if (!squeezed) {
        last = `error: ${(e as Error).message}`;
        lastError = e;
      }
    }
    // No attempt with less than an interval left: it would only time out (a 1 ms budget flaked under load).
    if (clock.now() + interval >= deadline) break;
    await clock.sleep(interval);
  }
  throw new HaproxyError(
    "not-confirmed",
    address,
    `HAProxy at ${address} did not report ${backend}/${server} as ${want} within ${deadlineMs} ms (last seen: ${last})`,
    { cause: lastError },
  );
}
