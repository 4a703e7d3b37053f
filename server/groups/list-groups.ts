import type { Db } from "../db/client";
import { groupInclude, toGroupDto, type LiveStates } from "./group-dto";
import type { TGroup } from "./groups.types";

export async function listGroups(db: Db, live?: LiveStates): Promise<TGroup[]> {
  const groups = await db.redundancyGroup.findMany({ orderBy: { name: "asc" }, include: groupInclude });
  return groups.map((g) => toGroupDto(g, live));
}
