// The group form's state and its mapping to and from the API, kept pure so it
// can be tested without a browser. Checks mirror the server's (the same zod
// schema and membership rules), so most mistakes are caught before a request.
import { HOOK_NAMES, ZCreateGroupRequest } from "@/server/groups/groups.types";
import { memberRuleErrors } from "@/server/groups/group-rules";
import type { z } from "zod";
import type { TGroup } from "./types";
import { emptyRestoreValues, restoreValuesFromGroup, toRestoreBody, type TRestoreFormValues } from "./restore-form-model";

export type THookName = (typeof HOOK_NAMES)[number];
export type TGroupMode = TGroup["mode"];
export type TMemberRole = TGroup["members"][number]["role"];
export type TCreateGroupBody = z.input<typeof ZCreateGroupRequest>;

/** One row of the members editor; `key` is stable while rows are added and removed. */
export type TMemberRow = { key: string; serverId: string; name: string; role: TMemberRole; priority: string; lbBackendServer: string };

/** What the inputs hold: numbers as typed, empty optional fields as "". */
export type TGroupFormValues = {
  name: string;
  description: string;
  mode: TGroupMode;
  minHealthy: string;
  failoverPolicy: TGroup["failoverPolicy"];
  detectionThreshold: string;
  cooldownSeconds: string;
  maxReplicationLagSeconds: string;
  requireFencing: boolean;
  /** "postgresql:5432, pgbouncer:6432" */
  criticalServices: string;
  /** "hook, device, lb" ("device:<id>" for one device); empty: the default order. */
  fencingLevels: string;
  hooks: Record<THookName, string>;
  restore: TRestoreFormValues;
  loadBalancerId: string;
  members: TMemberRow[];
};

/** Problems keyed like the server's field paths without "body.": "name", "members.1.role", "hooks.check". */
export type TProblems = Record<string, string>;

const noHooks = (): Record<THookName, string> => Object.fromEntries(HOOK_NAMES.map((h) => [h, ""])) as Record<THookName, string>;

/** The create form's starting point: the server's defaults. */
export function emptyGroupValues(): TGroupFormValues {
  return {
    name: "",
    description: "",
    mode: "ACTIVE_PASSIVE",
    minHealthy: "1",
    failoverPolicy: "MANUAL",
    detectionThreshold: "3",
    cooldownSeconds: "600",
    maxReplicationLagSeconds: "",
    requireFencing: true,
    criticalServices: "",
    fencingLevels: "",
    hooks: noHooks(),
    restore: emptyRestoreValues(),
    loadBalancerId: "",
    members: [],
  };
}

export function valuesFromGroup(g: TGroup): TGroupFormValues {
  const hooks = noHooks();
  for (const h of HOOK_NAMES) hooks[h] = g.hooks[h] ?? "";
  return {
    name: g.name,
    description: g.description,
    mode: g.mode,
    minHealthy: String(g.minHealthy),
    failoverPolicy: g.failoverPolicy,
    detectionThreshold: String(g.detectionThreshold),
    cooldownSeconds: String(g.cooldownSeconds),
    maxReplicationLagSeconds: g.maxReplicationLagSeconds === null ? "" : String(g.maxReplicationLagSeconds),
    requireFencing: g.requireFencing,
    criticalServices: g.criticalServices.map((c) => `${c.name}:${c.port}`).join(", "),
    fencingLevels: g.fencingLevels.map((l) => (l.kind === "device" && l.deviceId ? `device:${l.deviceId}` : l.kind)).join(", "),
    hooks,
    restore: restoreValuesFromGroup(g.restore),
    loadBalancerId: g.loadBalancer?.id ?? "",
    members: [...g.members]
      .sort((a, b) => b.priority - a.priority)
      .map((m) => ({ key: m.serverId, serverId: m.serverId, name: m.name, role: m.role, priority: String(m.priority), lbBackendServer: m.lbBackendServer ?? "" })),
  };
}

/** The role a new member gets: the first of an active-passive group is its primary. */
export function roleForNewMember(mode: TGroupMode, members: readonly TMemberRow[]): TMemberRole {
  if (mode === "ACTIVE_ACTIVE") return "ACTIVE";
  return members.some((m) => m.role === "PRIMARY") ? "STANDBY" : "PRIMARY";
}

export function addMember(v: TGroupFormValues, server: { id: string; name: string }): TGroupFormValues {
  if (v.members.some((m) => m.serverId === server.id)) return v;
  const row: TMemberRow = { key: server.id, serverId: server.id, name: server.name, role: roleForNewMember(v.mode, v.members), priority: "100", lbBackendServer: "" };
  return { ...v, members: [...v.members, row] };
}

/** Removing the primary makes the first remaining member primary, so the rule keeps holding. */
export function removeMember(v: TGroupFormValues, key: string): TGroupFormValues {
  const members = v.members.filter((m) => m.key !== key);
  if (v.mode === "ACTIVE_PASSIVE" && members.length > 0 && !members.some((m) => m.role === "PRIMARY")) members[0] = { ...members[0]!, role: "PRIMARY" };
  return { ...v, members };
}

/** Active-passive has exactly one primary: choosing one makes the previous one a standby. */
export function setMemberRole(v: TGroupFormValues, key: string, role: TMemberRole): TGroupFormValues {
  const members = v.members.map((m) => {
    if (m.key === key) return { ...m, role };
    if (role === "PRIMARY" && m.role === "PRIMARY") return { ...m, role: "STANDBY" as const };
    return m;
  });
  return { ...v, members };
}

/** Switching mode rewrites the roles: all active, or the current (else first) primary and standbys. */
export function setMode(v: TGroupFormValues, mode: TGroupMode): TGroupFormValues {
  if (mode === v.mode) return v;
  if (mode === "ACTIVE_ACTIVE") return { ...v, mode, members: v.members.map((m) => ({ ...m, role: "ACTIVE" as const })) };
  const primary = Math.max(0, v.members.findIndex((m) => m.role === "PRIMARY"));
  return { ...v, mode, members: v.members.map((m, i) => ({ ...m, role: i === primary ? ("PRIMARY" as const) : ("STANDBY" as const) })) };
}

/** A typed number; "" is `null` where `emptyAs` allows it. Problems are predicates, like the server's. */
function parseNumber(text: string, path: string, problems: TProblems, emptyAs?: null): number | null {
  const t = text.trim();
  if (t === "") {
    if (emptyAs === null) return null;
    problems[path] = "is required";
    return NaN;
  }
  const n = Number(t);
  if (!Number.isFinite(n)) problems[path] = "must be a number";
  return n;
}

const words = (text: string) =>
  text
    .split(",")
    .map((w) => w.trim())
    .filter(Boolean);

/** "name:port" pairs; an unreadable one is a problem at "criticalServices". */
export function parseCriticalServices(text: string, problems: TProblems): { name: string; port: number }[] {
  return words(text).map((w) => {
    const m = /^([^:\s]+):(\d{1,5})$/.exec(w);
    if (!m) problems.criticalServices ??= `"${w}" is not name:port, e.g. postgresql:5432`;
    return { name: m?.[1] ?? w, port: Number(m?.[2] ?? 0) };
  });
}

/** "hook", "device", "device:<id>", "lb", in order. */
export function parseFencingLevels(text: string, problems: TProblems): TCreateGroupBody["fencingLevels"] {
  return words(text).map((w) => {
    if (w === "hook" || w === "lb" || w === "device") return { kind: w };
    if (w.startsWith("device:")) return { kind: "device" as const, deviceId: w.slice("device:".length) };
    problems.fencingLevels ??= `"${w}" is not a level: use hook, device, device:<id> or lb`;
    return { kind: "hook" as const };
  });
}

/**
 * The request body for the form, with every problem the server would report
 * (same paths, same messages). Empty hooks are omitted: the server rejects
 * empty commands. An edit sends the whole form; `members` replaces the list.
 */
export function toGroupRequest(v: TGroupFormValues): { body: TCreateGroupBody; problems: TProblems } {
  const problems: TProblems = {};
  const hooks: Partial<Record<THookName, string>> = {};
  for (const h of HOOK_NAMES) if (v.hooks[h].trim() !== "") hooks[h] = v.hooks[h];
  const body: TCreateGroupBody = {
    name: v.name.trim(),
    description: v.description.trim(),
    mode: v.mode,
    minHealthy: parseNumber(v.minHealthy, "minHealthy", problems) as number,
    failoverPolicy: v.failoverPolicy,
    detectionThreshold: parseNumber(v.detectionThreshold, "detectionThreshold", problems) as number,
    cooldownSeconds: parseNumber(v.cooldownSeconds, "cooldownSeconds", problems) as number,
    maxReplicationLagSeconds: parseNumber(v.maxReplicationLagSeconds, "maxReplicationLagSeconds", problems, null),
    requireFencing: v.requireFencing,
    criticalServices: parseCriticalServices(v.criticalServices, problems),
    fencingLevels: parseFencingLevels(v.fencingLevels, problems),
    hooks,
    restore: toRestoreBody(v.restore, problems),
    loadBalancerId: v.loadBalancerId.trim() || null,
    members: v.members.map((m, i) => ({
      serverId: m.serverId,
      role: m.role,
      priority: parseNumber(m.priority, `members.${i}.priority`, problems) as number,
      lbBackendServer: m.lbBackendServer.trim() || null,
    })),
  };
  const parsed = ZCreateGroupRequest.safeParse(body);
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      const path = issue.path.join(".");
      problems[path] ??= issue.message;
    }
  }
  if (Number.isInteger(body.minHealthy)) {
    for (const e of memberRuleErrors(v.mode, body.minHealthy as number, body.members.map((m) => ({ serverId: m.serverId, role: m.role, lbBackendServer: m.lbBackendServer ?? null })))) {
      problems[e.path.replace(/^body\./, "")] ??= e.message;
    }
  }
  return { body, problems };
}

/**
 * Moves member problems reported by index (as submitted) to the rows they
 * concern, so a row removed or added since keeps messages where they belong.
 * Returns the other problems as they are and the row problems keyed by row key.
 */
export function splitMemberProblems(problems: TProblems, submittedKeys: readonly string[]): { fields: TProblems; rows: Record<string, Record<string, string>> } {
  const fields: TProblems = {};
  const rows: Record<string, Record<string, string>> = {};
  for (const [path, message] of Object.entries(problems)) {
    const m = /^members\.(\d+)(?:\.(.+))?$/.exec(path);
    const key = m ? submittedKeys[Number(m[1])] : undefined;
    if (!m || key === undefined) {
      fields[path] ??= message;
      continue;
    }
    // A whole-row message (members.1) goes with the server column.
    const field = (m[2] ?? "serverId").split(".")[0]!;
    (rows[key] ??= {})[field] ??= message;
  }
  return { fields, rows };
}
