// A rollout's targets in a few words for the schedules list: counts, and tags by name.
import type { TRolloutTargets } from "./types";

const count = (n: number, one: string, many: string) => (n ? [`${n} ${n === 1 ? one : many}`] : []);

export function targetsText(t: TRolloutTargets): string {
  const parts = [
    ...count(t.serverIds.length, "server", "servers"),
    ...count(t.groupIds.length, "group", "groups"),
    ...count(t.siteIds.length, "site", "sites"),
    ...(t.tags.length ? [`${t.tags.length === 1 ? "tag" : "tags"} ${t.tags.join(", ")}`] : []),
  ];
  return parts.join(" · ") || "no targets";
}
