// Ansible's INI inventory format, as its ini plugin reads it: [group],
// [group:children] and [group:vars] sections, host lines with key=value vars,
// host ranges, and hosts before any section in "ungrouped".
import { InventoryBuilder, type ParsedInventory } from "./ansible-inventory";
import { InventoryParseError } from "./inventory-parse-error";

const SECTION = /^\[([^:\]\s]+)(?::(\w+))?\]\s*(?:[#;].*)?$/;
const GROUP_NAME = /^([^:\]\s]+)\s*(?:[#;].*)?$/;

/** A value as Ansible's literal_eval would give it for the cases inventories use: numbers, booleans, quoted strings. */
export function parseIniValue(raw: string): unknown {
  const v = raw.trim();
  const quoted = /^(["'])(.*)\1$/s.exec(v);
  if (quoted) return quoted[2]!.replace(/\\(["'\\])/g, "$1");
  if (/^[-+]?\d+$/.test(v)) return Number(v);
  if (/^[-+]?\d+\.\d*$/.test(v)) return Number(v);
  if (v === "True" || v === "False") return v === "True";
  if (v === "None") return null;
  return v;
}

/** Splits a host line like POSIX shlex with comments: quotes group, backslash escapes, "#" at a word's start ends the line. */
export function splitHostLine(s: string, line: number): string[] {
  const tokens: string[] = [];
  let cur = "";
  let inToken = false;
  let i = 0;
  while (i < s.length) {
    const c = s[i]!;
    if (/\s/.test(c)) {
      if (inToken) tokens.push(cur);
      cur = "";
      inToken = false;
      i++;
    } else if (c === "#" && !inToken) {
      break;
    } else if (c === "'") {
      const end = s.indexOf("'", i + 1);
      if (end === -1) throw new InventoryParseError("unclosed ' quote", line);
      cur += s.slice(i + 1, end);
      inToken = true;
      i = end + 1;
    } else if (c === '"') {
      i++;
      while (i < s.length && s[i] !== '"') {
        if (s[i] === "\\" && i + 1 < s.length && `"\\$\``.includes(s[i + 1]!)) {
          cur += s[i + 1];
          i += 2;
        } else cur += s[i++];
      }
      if (i >= s.length) throw new InventoryParseError('unclosed " quote', line);
      inToken = true;
      i++;
    } else if (c === "\\" && i + 1 < s.length) {
      cur += s[i + 1];
      inToken = true;
      i += 2;
    } else {
      cur += c;
      inToken = true;
      i++;
    }
  }
  if (inToken) tokens.push(cur);
  return tokens;
}

export function parseAnsibleIni(content: string): ParsedInventory {
  const b = new InventoryBuilder();
  let group = "ungrouped";
  let state: "hosts" | "children" | "vars" = "hosts";
  const defined = new Set(["all", "ungrouped"]);
  // Groups referenced before (or without) being defined, as Ansible tracks them.
  const pending = new Map<string, { line: number; message: string }>();

  const lines = content.replace(/^\uFEFF/, "").split(/\r\n|\r|\n/);
  lines.forEach((raw, index) => {
    const n = index + 1;
    const line = raw.trim();
    if (line === "" || line.startsWith("#") || line.startsWith(";")) return;

    const section = SECTION.exec(line);
    if (section) {
      group = section[1]!;
      const kind = section[2] ?? "hosts";
      if (kind !== "hosts" && kind !== "children" && kind !== "vars") throw new InventoryParseError(`section [${group}:${kind}] has an unknown type "${kind}" (expected children or vars)`, n);
      state = kind;
      if (state === "vars") {
        if (!defined.has(group) && !pending.has(group)) pending.set(group, { line: n, message: `section [${group}:vars] is for group ${group}, which is not defined anywhere` });
      } else {
        defined.add(group);
        pending.delete(group);
        b.group(group);
      }
      return;
    }
    if (line.startsWith("[") && line.endsWith("]")) throw new InventoryParseError(`"${line}" is not a valid section header (no spaces inside the brackets)`, n);

    if (state === "hosts") {
      const [pattern, ...rest] = splitHostLine(line, n);
      if (!pattern) return;
      const vars: Record<string, unknown> = {};
      for (const token of rest) {
        const eq = token.indexOf("=");
        if (eq <= 0) throw new InventoryParseError(`expected key=value after host ${pattern}, got "${token}"`, n);
        vars[token.slice(0, eq)] = parseIniValue(token.slice(eq + 1));
      }
      b.addHosts(group, pattern, vars, n);
    } else if (state === "children") {
      const m = GROUP_NAME.exec(line);
      if (!m) throw new InventoryParseError(`expected a group name in [${group}:children], got "${line}"`, n);
      const child = m[1]!;
      b.addChild(group, child, n);
      if (!defined.has(child) && !pending.has(child)) pending.set(child, { line: n, message: `[${group}:children] names group ${child}, which is not defined anywhere` });
    } else {
      const eq = line.indexOf("=");
      if (eq <= 0) throw new InventoryParseError(`expected key=value in [${group}:vars], got "${line}"`, n);
      b.setGroupVars(group, { [line.slice(0, eq).trim()]: parseIniValue(line.slice(eq + 1)) });
    }
  });

  // A child section also defines its group ([web:children] makes "web" exist).
  for (const [name, p] of pending) if (!defined.has(name)) throw new InventoryParseError(p.message, p.line);
  return b.build();
}
