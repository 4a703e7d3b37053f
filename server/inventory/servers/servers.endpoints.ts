import { inventoryChanged } from "../inventory-changed";
import { defineEndpoint, ZNoContent } from "../../http/endpoint";
import { listServers } from "./list-servers";
import { serverLiveView } from "./server-live-view";
import { getServer } from "./get-server";
import { createServer } from "./create-server";
import { updateServer } from "./update-server";
import { deleteServer } from "./delete-server";
import { ZCreateServerRequest, ZServer, ZServerDetail, ZServerIdParams, ZServerList, ZServerListQuery, ZUpdateServerRequest } from "./servers.types";

export const listServersEndpoint = defineEndpoint({
  method: "GET",
  path: "/api/v1/servers",
  summary: "List servers with their current state (MAINTENANCE in a running window) and live health; filter by text, site, tags, states and health",
  tag: "inventory",
  access: "VIEWER",
  query: ZServerListQuery,
  response: ZServerList,
  async handler({ query, rt }) {
    return { servers: await listServers(rt.db, query, serverLiveView(rt)) };
  },
});

export const getServerEndpoint = defineEndpoint({
  method: "GET",
  path: "/api/v1/servers/{id}",
  summary: "A server with its current state and latest sample",
  tag: "inventory",
  access: "VIEWER",
  params: ZServerIdParams,
  response: ZServerDetail,
  async handler({ params, rt }) {
    return getServer(rt.db, params.id, serverLiveView(rt));
  },
});

export const createServerEndpoint = defineEndpoint({
  method: "POST",
  path: "/api/v1/servers",
  summary: "Add a server",
  tag: "inventory",
  access: "ADMIN",
  body: ZCreateServerRequest,
  response: ZServer,
  status: 201,
  async handler({ body, actor, rt }) {
    const server = await createServer(rt.db, actor, body);
    inventoryChanged(rt);
    return server;
  },
});

export const updateServerEndpoint = defineEndpoint({
  method: "PATCH",
  path: "/api/v1/servers/{id}",
  summary: "Edit a server, enable or disable it, pin its host key or reset the pin",
  tag: "inventory",
  access: "ADMIN",
  params: ZServerIdParams,
  body: ZUpdateServerRequest,
  response: ZServer,
  async handler({ params, body, actor, rt }) {
    const server = await updateServer(rt.db, actor, params.id, body);
    inventoryChanged(rt);
    return server;
  },
});

export const deleteServerEndpoint = defineEndpoint({
  method: "DELETE",
  path: "/api/v1/servers/{id}",
  summary: "Remove a server and its history; refused (409) while it is a group member",
  tag: "inventory",
  access: "ADMIN",
  params: ZServerIdParams,
  response: ZNoContent,
  status: 204,
  async handler({ params, actor, rt }) {
    await deleteServer(rt.db, actor, params.id);
    inventoryChanged(rt);
    return null;
  },
});
