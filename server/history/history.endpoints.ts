import { defineEndpoint } from "../http/endpoint";
import { notFound } from "../errors/app-error";
import { readHistory } from "./read-history";
import { ZHistory, ZHistoryQuery, ZServerIdParams } from "./history.types";

export const serverHistoryEndpoint = defineEndpoint({
  method: "GET",
  path: "/api/v1/servers/{id}/history",
  summary: "A server's health history for a chart: raw samples (15m, 1h), minute rollups (24h), hour rollups (7d)",
  tag: "servers",
  access: "VIEWER",
  params: ZServerIdParams,
  query: ZHistoryQuery,
  response: ZHistory,
  async handler({ params, query, rt }) {
    const exists = await rt.db.server.count({ where: { id: params.id } });
    if (!exists) throw notFound("Server");
    return readHistory(rt.db, params.id, query.range);
  },
});
