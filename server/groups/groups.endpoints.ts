import type { Runtime } from "../runtime";
import { defineEndpoint, ZNoContent } from "../http/endpoint";
import { liveStatesOf } from "./group-dto";
import { listGroups } from "./list-groups";
import { getGroup } from "./get-group";
import { createGroup } from "./create-group";
import { updateGroup } from "./update-group";
import { deleteGroup } from "./delete-group";
import { ZCreateGroupRequest, ZGroup, ZGroupIdParams, ZGroupList, ZUpdateGroupRequest } from "./groups.types";

const live = (rt: Runtime) => liveStatesOf(rt.services.monitoring);

export const listGroupsEndpoint = defineEndpoint({
  method: "GET",
  path: "/api/v1/groups",
  summary: "List redundancy groups with their members' live state and evaluated redundancy",
  tag: "groups",
  access: "VIEWER",
  response: ZGroupList,
  async handler({ rt }) {
    return { groups: await listGroups(rt.db, live(rt)) };
  },
});

export const getGroupEndpoint = defineEndpoint({
  method: "GET",
  path: "/api/v1/groups/{id}",
  summary: "A redundancy group with its members' live state and evaluated redundancy",
  tag: "groups",
  access: "VIEWER",
  params: ZGroupIdParams,
  response: ZGroup,
  async handler({ params, rt }) {
    return getGroup(rt.db, params.id, live(rt));
  },
});

// Groups carry hooks (commands run on servers), so every change is admin-only.
export const createGroupEndpoint = defineEndpoint({
  method: "POST",
  path: "/api/v1/groups",
  summary: "Create a redundancy group with its members, policy and hooks",
  tag: "groups",
  access: "ADMIN",
  body: ZCreateGroupRequest,
  response: ZGroup,
  status: 201,
  async handler({ body, actor, rt }) {
    return createGroup(rt.db, actor, body, live(rt));
  },
});

export const updateGroupEndpoint = defineEndpoint({
  method: "PATCH",
  path: "/api/v1/groups/{id}",
  summary: "Change a redundancy group; `members`, when given, replaces the list",
  tag: "groups",
  access: "ADMIN",
  params: ZGroupIdParams,
  body: ZUpdateGroupRequest,
  response: ZGroup,
  async handler({ params, body, actor, rt }) {
    return updateGroup(rt.db, actor, params.id, body, live(rt));
  },
});

export const deleteGroupEndpoint = defineEndpoint({
  method: "DELETE",
  path: "/api/v1/groups/{id}",
  summary: "Delete a redundancy group; refused (409) while an operation on it is planned, running or paused",
  tag: "groups",
  access: "ADMIN",
  params: ZGroupIdParams,
  response: ZNoContent,
  status: 204,
  async handler({ params, actor, rt }) {
    await deleteGroup(rt.db, actor, params.id);
    return null;
  },
});
