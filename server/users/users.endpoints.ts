import { defineEndpoint } from "../http/endpoint";
import { listUsers } from "./list-users";
import { createUser } from "./create-user";
import { updateUser } from "./update-user";
import { ZCreateUserRequest, ZUpdateUserRequest, ZUser, ZUserIdParams, ZUserList } from "./users.types";

export const listUsersEndpoint = defineEndpoint({
  method: "GET",
  path: "/api/v1/users",
  summary: "List users",
  tag: "users",
  access: "ADMIN",
  response: ZUserList,
  async handler({ rt }) {
    return { users: await listUsers(rt.db) };
  },
});

export const createUserEndpoint = defineEndpoint({
  method: "POST",
  path: "/api/v1/users",
  summary: "Create a user",
  tag: "users",
  access: "ADMIN",
  body: ZCreateUserRequest,
  response: ZUser,
  status: 201,
  async handler({ body, actor, rt }) {
    return createUser(rt.db, actor, body);
  },
});

export const updateUserEndpoint = defineEndpoint({
  method: "PATCH",
  path: "/api/v1/users/{id}",
  summary: "Change a user's name, role or password, or disable/enable the account",
  tag: "users",
  access: "ADMIN",
  params: ZUserIdParams,
  body: ZUpdateUserRequest,
  response: ZUser,
  async handler({ params, body, actor, rt }) {
    const r = await updateUser(rt.db, actor, params.id, body);
    if (r.sessionsEnded) rt.onSessionsRevoked({ userId: params.id });
    return r.user;
  },
});
