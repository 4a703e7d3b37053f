// Ansible host patterns: "name", "name:port", "[v6::addr]:port", and ranges such
// as "web[01:03].example.com" or "db-[a:c]" (with an optional step, "[1:9:2]").
import { InventoryParseError } from "./inventory-parse-error";

const LETTERS = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ";
const MAX_EXPANSION = 10_000;

/** Splits off a trailing ":port" that is not part of a range or an IPv6 address. */
export function splitHostPort(token: string, line?: number): { pattern: string; port?: number } {
  const v6 = /^\[([0-9A-Fa-f:.]+)\](?::(\d+))?$/.exec(token);
  if (v6 && (v6[1]!.match(/:/g)?.length ?? 0) >= 2) return { pattern: v6[1]!, ...(v6[2] ? { port: toPort(v6[2], line) } : {}) };
  if ((token.match(/:/g)?.length ?? 0) >= 2 && !token.includes("[")) return { pattern: token }; // a bare IPv6 address
  const m = /^(.*):(\d+)$/.exec(token);
  // The colon must not sit inside an unclosed range ("web[1:22" is a broken range, not a port).
  if (m && !/\[[^\]]*$/.test(m[1]!)) return { pattern: m[1]!, port: toPort(m[2]!, line) };
  return { pattern: token };
}

function toPort(s: string, line?: number): number {
  const n = Number(s);
  if (!Number.isInteger(n) || n < 1 || n > 65535) throw new InventoryParseError(`port ${s} is not 1-65535`, line);
  return n;
}

/** Expands the first [begin:end(:step)] range of a host name, then the rest, as Ansible does. */
export function expandRanges(pattern: string, line?: number): string[] {
  const open = pattern.indexOf("[");
  if (open === -1) return [pattern];
  const close = pattern.indexOf("]", open);
  if (close === -1) throw new InventoryParseError(`unclosed range in host ${pattern}`, line);
  const head = pattern.slice(0, open);
  const tail = pattern.slice(close + 1);
  const bounds = pattern.slice(open + 1, close).split(":");
  if (bounds.length !== 2 && bounds.length !== 3) throw new InventoryParseError(`host range in ${pattern} must be [begin:end] or [begin:end:step]`, line);
  const beg = bounds[0] || "0";
  const end = bounds[1]!;
  if (!end) throw new InventoryParseError(`host range in ${pattern} has no end`, line);
  const step = bounds[2] === undefined ? 1 : Number(bounds[2]);
  if (!Number.isInteger(step) || step < 1) throw new InventoryParseError(`host range step in ${pattern} must be a positive whole number`, line);

  let items: string[];
  if (/^[A-Za-z]$/.test(beg) && /^[A-Za-z]$/.test(end)) {
    const i = LETTERS.indexOf(beg);
    const j = LETTERS.indexOf(end);
    if (i > j) throw new InventoryParseError(`host range in ${pattern} must have begin <= end`, line);
    items = [];
    for (let k = i; k <= j; k += step) items.push(LETTERS[k]!);
  } else if (/^\d+$/.test(beg) && /^\d+$/.test(end)) {
    // A leading zero sets the width ("[01:10]"), and then both ends must have it.
    const width = beg.length > 1 && beg.startsWith("0") ? beg.length : 0;
    if (width && end.length !== width) throw new InventoryParseError(`host range in ${pattern} must have begin and end of equal length`, line);
    const b = Number(beg);
    const e = Number(end);
    if (b > e) throw new InventoryParseError(`host range in ${pattern} must have begin <= end`, line);
    if ((e - b) / step + 1 > MAX_EXPANSION) throw new InventoryParseError(`host range in ${pattern} names more than ${MAX_EXPANSION} hosts`, line);
    items = [];
    for (let k = b; k <= e; k += step) items.push(width ? String(k).padStart(width, "0") : String(k));
  } else {
    throw new InventoryParseError(`host range in ${pattern} must be numbers or single letters`, line);
  }
  const out: string[] = [];
  for (const item of items) {
    for (const name of expandRanges(head + item + tail, line)) {
      out.push(name);
      if (out.length > MAX_EXPANSION) throw new InventoryParseError(`host pattern ${pattern} names more than ${MAX_EXPANSION} hosts`, line);
    }
  }
  return out;
}

export function expandHostPattern(token: string, line?: number): { names: string[]; port?: number } {
  const { pattern, port } = splitHostPort(token.trim(), line);
  if (!pattern) throw new InventoryParseError("empty host name", line);
  return { names: expandRanges(pattern, line), ...(port !== undefined ? { port } : {}) };
}
