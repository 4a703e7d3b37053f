import type { Db } from "../db/client";
import type { Actor } from "../auth/principal";
import { recordAuditEvent } from "../audit/record-audit-event";
import { isUniqueViolation } from "../inventory/db-errors";
import { assertGroupNameFree, checkGroupInput, groupNameTaken, memberAudit } from "./group-refs";
import { groupInclude, toGroupDto, type LiveStates } from "./group-dto";
import type { TCreateGroupRequest, TGroup } from "./groups.types";

export async function createGroup(db: Db, actor: Actor, input: TCreateGroupRequest, live?: LiveStates): Promise<TGroup> {
  try {
    return await db.$transaction(async (tx) => {
      await assertGroupNameFree(tx, input.name);
      const names = await checkGroupInput(tx, input);
      const { members, ...fields } = input;
      const group = await tx.redundancyGroup.create({
        data: { ...fields, members: { create: members.map((m) => ({ serverId: m.serverId, role: m.role, priority: m.priority, lbBackendServer: m.lbBackendServer })) } },
        include: groupInclude,
      });
      // Hooks are code that runs on servers: recorded in full.
      await recordAuditEvent(tx, actor, { action: "group.create", targetType: "group", targetId: group.id, details: { ...fields, members: memberAudit(members, names) } });
      return toGroupDto(group, live);
    });
  } catch (e) {
    if (isUniqueViolation(e)) throw groupNameTaken(input.name, input.name, e);
    throw e;
  }
}
