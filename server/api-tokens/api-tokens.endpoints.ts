import { defineEndpoint } from "../http/endpoint";
import { createApiToken } from "./create-api-token";
import { listApiTokens } from "./list-api-tokens";
import { revokeApiToken } from "./revoke-api-token";
import { ZApiToken, ZApiTokenIdParams, ZApiTokenList, ZCreateApiTokenRequest, ZCreateApiTokenResponse } from "./api-tokens.types";

export const listApiTokensEndpoint = defineEndpoint({
  method: "GET",
  path: "/api/v1/api-tokens",
  summary: "List API tokens (your own; admins see all)",
  tag: "api-tokens",
  access: "VIEWER",
  response: ZApiTokenList,
  async handler({ principal, rt }) {
    return { tokens: await listApiTokens(rt.db, principal) };
  },
});

export const createApiTokenEndpoint = defineEndpoint({
  method: "POST",
  path: "/api/v1/api-tokens",
  summary: "Create an API token; the token is in this response only",
  tag: "api-tokens",
  access: "VIEWER",
  body: ZCreateApiTokenRequest,
  response: ZCreateApiTokenResponse,
  status: 201,
  async handler({ body, principal, actor, rt }) {
    return createApiToken(rt.db, principal, actor, body);
  },
});

export const revokeApiTokenEndpoint = defineEndpoint({
  method: "DELETE",
  path: "/api/v1/api-tokens/{id}",
  summary: "Revoke an API token",
  tag: "api-tokens",
  access: "VIEWER",
  params: ZApiTokenIdParams,
  response: ZApiToken,
  async handler({ params, principal, actor, rt }) {
    return revokeApiToken(rt.db, principal, actor, params.id);
  },
});
