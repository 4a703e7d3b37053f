// Every API endpoint, in one list: the OpenAPI document is generated from it and
// the route-walking test checks each entry (and that every route file is listed).
import type { AnyEndpoint } from "../http/endpoint";
import { loginEndpoint, logoutEndpoint, meEndpoint } from "../auth/auth.endpoints";
import { setupEndpoint, setupStatusEndpoint } from "../setup/setup.endpoints";
import { createUserEndpoint, listUsersEndpoint, updateUserEndpoint } from "../users/users.endpoints";
import { changePasswordEndpoint } from "../account/account.endpoints";
import { createApiTokenEndpoint, listApiTokensEndpoint, revokeApiTokenEndpoint } from "../api-tokens/api-tokens.endpoints";
import { listAuditEventsEndpoint } from "../audit/audit.endpoints";
import { healthEndpoint } from "../health/health.endpoints";
import { openApiEndpoint } from "./openapi.endpoints";
import { serverHistoryEndpoint } from "../history/history.endpoints";

export const endpoints: AnyEndpoint[] = [
  healthEndpoint,
  openApiEndpoint,
  setupStatusEndpoint,
  setupEndpoint,
  loginEndpoint,
  logoutEndpoint,
  meEndpoint,
  changePasswordEndpoint,
  listUsersEndpoint,
  createUserEndpoint,
  updateUserEndpoint,
  listApiTokensEndpoint,
  createApiTokenEndpoint,
  revokeApiTokenEndpoint,
  listAuditEventsEndpoint,
  serverHistoryEndpoint,
] as AnyEndpoint[];
