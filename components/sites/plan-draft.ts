// The recovery plan editor's draft: stages of groups with their hooks, moved
// about by an admin before one PUT. Pure, so the moves are table-tested.
import type { TRecoveryPlan, TSaveRecoveryPlanRequest } from "./types";

export type THookDraft = { serverId: string; command: string; timeoutSeconds: number };
export type TStageDraft = { key: string; name: string; groupIds: string[]; pre: THookDraft | null; post: THookDraft | null };
export type TPlanDraft = { stages: TStageDraft[]; parallelism: number; nextKey: number };
/** What the editor knows of each group: its name and the names of the groups it needs first. */
export type TGroupInfo = Map<string, { name: string; dependsOn: readonly string[] }>;

export const DEFAULT_HOOK_TIMEOUT = 120;

function hookOf(h: TRecoveryPlan["stages"][number]["pre"]): THookDraft | null {
  return h ? { serverId: h.serverId, command: h.command, timeoutSeconds: h.timeoutSeconds } : null;
}

export function draftOf(plan: TRecoveryPlan): TPlanDraft {
  const stages = plan.stages.map((s, i) => ({ key: `s${i}`, name: s.name, groupIds: s.groups.map((g) => g.id), pre: hookOf(s.pre), post: hookOf(s.post) }));
  return { stages, parallelism: plan.parallelism, nextKey: stages.length };
}

/** Every group the plan mentions or leaves out, with its dependencies. */
export function groupInfoOf(plan: TRecoveryPlan): TGroupInfo {
  const info: TGroupInfo = new Map();
  for (const s of plan.stages) for (const g of s.groups) info.set(g.id, { name: g.name, dependsOn: g.dependsOn });
  for (const g of plan.unplanned) if (!info.has(g.id)) info.set(g.id, { name: g.name, dependsOn: [] });
  return info;
}

export function requestOf(d: TPlanDraft): TSaveRecoveryPlanRequest {
  return {
    parallelism: d.parallelism,
    stages: d.stages.map((s) => ({ name: s.name.trim(), groupIds: s.groupIds, pre: s.pre, post: s.post })),
  };
}

/** Groups the site has that no stage lists (they would not move). */
export function unplannedOf(d: TPlanDraft, info: TGroupInfo): string[] {
  const planned = new Set(d.stages.flatMap((s) => s.groupIds));
  return [...info.keys()].filter((id) => !planned.has(id));
}

/** Moves a group to the end of stage `to`, or out of the plan (null). */
export function moveGroup(d: TPlanDraft, groupId: string, to: number | null): TPlanDraft {
  const stages = d.stages.map((s, i) => {
    const rest = s.groupIds.filter((g) => g !== groupId);
    return { ...s, groupIds: i === to ? [...rest, groupId] : rest };
  });
  return { ...d, stages };
}

export function addStage(d: TPlanDraft): TPlanDraft {
  const stage: TStageDraft = { key: `s${d.nextKey}`, name: `Stage ${d.stages.length + 1}`, groupIds: [], pre: null, post: null };
  return { ...d, stages: [...d.stages, stage], nextKey: d.nextKey + 1 };
}

/** Removes a stage; its groups join the stage before it (the next one, for the first). The last stage stays. */
export function removeStage(d: TPlanDraft, index: number): TPlanDraft {
  if (d.stages.length <= 1 || !d.stages[index]) return d;
  const heir = index > 0 ? index - 1 : 1;
  const moved = d.stages[index].groupIds;
  const stages = d.stages.map((s, i) => (i === heir ? { ...s, groupIds: [...s.groupIds, ...moved] } : s)).filter((_, i) => i !== index);
  return { ...d, stages };
}

/** Swaps a stage with its neighbour (delta -1: earlier, +1: later). */
export function moveStage(d: TPlanDraft, index: number, delta: -1 | 1): TPlanDraft {
  const other = index + delta;
  if (!d.stages[index] || !d.stages[other]) return d;
  const stages = [...d.stages];
  [stages[index], stages[other]] = [stages[other]!, stages[index]!];
  return { ...d, stages };
}

export function updateStage(d: TPlanDraft, index: number, patch: Partial<Omit<TStageDraft, "key" | "groupIds">>): TPlanDraft {
  return { ...d, stages: d.stages.map((s, i) => (i === index ? { ...s, ...patch } : s)) };
}

/**
 * Groups placed no later than a group they need (the server refuses that
 * order): "web-fra1 needs pg-fra1, which is not in an earlier stage".
 */
export function orderProblems(d: TPlanDraft, info: TGroupInfo): Map<string, string> {
  const stageOfName = new Map<string, number>();
  d.stages.forEach((s, i) => s.groupIds.forEach((id) => stageOfName.set(info.get(id)?.name ?? id, i)));
  const problems = new Map<string, string>();
  d.stages.forEach((s, i) =>
    s.groupIds.forEach((id) => {
      const late = (info.get(id)?.dependsOn ?? []).filter((dep) => (stageOfName.get(dep) ?? -1) >= i);
      if (late.length) problems.set(id, `needs ${late.join(", ")} in an earlier stage`);
    }),
  );
  return problems;
}

/**
 * The server's field errors (paths like "body.stages.1.groupIds") split into
 * those of each stage and the rest (parallelism, the plan as a whole).
 */
export function splitPlanErrors(errors: readonly { path: string; message: string }[], stageCount: number): { stages: string[][]; other: string[] } {
  const stages: string[][] = Array.from({ length: stageCount }, () => []);
  const other: string[] = [];
  for (const { path, message } of errors) {
    const field = path.replace(/^body\.?/, "");
    const m = /^stages\.(\d+)(?:\.(.*))?$/.exec(field);
    const list = m ? stages[Number(m[1])] : undefined;
    // A stage's groups are what its messages are about; other fields are named.
    if (m && list) list.push(m[2] && !m[2].startsWith("groupIds") ? `${m[2].replace(/\./g, " ")}: ${message}` : message);
    else other.push(field === "" || field === "stages" ? message : `${field}: ${message}`);
  }
  return { stages, other };
}
