import { defineEndpoint } from "../../http/endpoint";
import { ZServerIdParams } from "../servers/servers.types";
import { testNewConnection, testServerConnection } from "./test-connection";
import { ZServerTestConnectionResult, ZTestConnectionRequest, ZTestConnectionResult } from "./test-connection.types";

export const testConnectionEndpoint = defineEndpoint({
  method: "POST",
  path: "/api/v1/servers/test-connection",
  summary: "Connect once to an address with a stored credential and report the host key; changes nothing",
  tag: "inventory",
  access: "ADMIN",
  body: ZTestConnectionRequest,
  response: ZTestConnectionResult,
  async handler({ body, actor, rt }) {
    return testNewConnection(rt.db, rt.secretBox, actor, body);
  },
});

export const testServerConnectionEndpoint = defineEndpoint({
  method: "POST",
  path: "/api/v1/servers/{id}/test-connection",
  summary: "Connect once to a server, compare its host key with the pinned one, and say whether it can be pinned",
  tag: "inventory",
  access: "ADMIN",
  params: ZServerIdParams,
  response: ZServerTestConnectionResult,
  async handler({ params, actor, rt }) {
    return testServerConnection(rt.db, rt.secretBox, actor, params.id);
  },
});
