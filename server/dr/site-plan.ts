// Recovery-plan ordering (pure): groups depend on groups (a web pool on its
// database), a plan's stages run in order, and a group may only run in a stage
// after every group it depends on. Without a saved plan, the stages are the
// dependency graph's layers: what depends on nothing first.

/** groupId to the ids of the groups it depends on. */
export type DependencyGraph = ReadonlyMap<string, readonly string[]>;

/** A cycle through the graph as a list of ids (first = last), or null when there is none. */
export function findCycle(graph: DependencyGraph): string[] | null {
  const state = new Map<string, "visiting" | "done">();
  const stack: string[] = [];
  const visit = (id: string): string[] | null => {
    const s = state.get(id);
    if (s === "done") return null;
    if (s === "visiting") return [...stack.slice(stack.indexOf(id)), id];
    state.set(id, "visiting");
    stack.push(id);
    for (const dep of graph.get(id) ?? []) {
      const c = visit(dep);
      if (c) return c;
    }
    stack.pop();
    state.set(id, "done");
    return null;
  };
  for (const id of [...graph.keys()].sort()) {
    const c = visit(id);
    if (c) return c;
  }
  return null;
}

/**
 * The groups in layers: each layer depends only on earlier layers (dependencies
 * outside `groupIds` count as met: they are not part of this plan). Within a
 * layer, `order` (names) keeps the result stable. Throws on a cycle.
 */
export function layerByDependencies(groupIds: readonly string[], graph: DependencyGraph, order: (a: string, b: string) => number = (a, b) => a.localeCompare(b)): string[][] {
  const inPlan = new Set(groupIds);
  const remaining = new Set(groupIds);
  const placed = new Set<string>();
  const layers: string[][] = [];
  while (remaining.size) {
    const layer = [...remaining].filter((id) => (graph.get(id) ?? []).every((d) => !inPlan.has(d) || placed.has(d))).sort(order);
    if (!layer.length) throw new Error(`the dependencies among ${[...remaining].join(", ")} form a cycle`);
    for (const id of layer) {
      remaining.delete(id);
      placed.add(id);
    }
    layers.push(layer);
  }
  return layers;
}

export type StageProblem = { path: string; message: string };

/**
 * What is wrong with an admin's stages: a group unknown or listed twice, or one
 * placed in the same or an earlier stage than a group it depends on.
 */
export function checkStages(stages: readonly { groupIds: readonly string[] }[], graph: DependencyGraph, known: ReadonlyMap<string, string>): StageProblem[] {
  const problems: StageProblem[] = [];
  const stageOf = new Map<string, number>();
  stages.forEach((st, i) =>
    st.groupIds.forEach((id, j) => {
      const path = `stages.${i}.groupIds.${j}`;
      if (!known.has(id)) problems.push({ path, message: "no such group" });
      else if (stageOf.has(id)) problems.push({ path, message: `${known.get(id)} is already in stage ${stageOf.get(id)! + 1}` });
      else stageOf.set(id, i);
    }),
  );
  stages.forEach((st, i) =>
    st.groupIds.forEach((id, j) => {
      if (stageOf.get(id) !== i) return;
      for (const dep of graph.get(id) ?? []) {
        const depStage = stageOf.get(dep);
        if (depStage !== undefined && depStage >= i) {
          problems.push({
            path: `stages.${i}.groupIds.${j}`,
            message: `${known.get(id)} depends on ${known.get(dep) ?? dep}, which must come in an earlier stage (it is in stage ${depStage + 1})`,
          });
        }
      }
    }),
  );
  return problems;
}
