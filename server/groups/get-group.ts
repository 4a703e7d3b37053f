import type { Db } from "../db/client";
import { notFound } from "../errors/app-error";
import { groupInclude, toGroupDto, type LiveStates } from "./group-dto";
import type { TGroup } from "./groups.types";

export async function getGroup(db: Db, id: string, live?: LiveStates): Promise<TGroup> {
  const group = await db.redundancyGroup.findUnique({ where: { id }, include: groupInclude });
  if (!group) throw notFound("Group");
  return toGroupDto(group, live);
}
