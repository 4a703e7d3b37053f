import { defineEndpoint } from "../http/endpoint";
import { listAuditEvents } from "./list-audit-events";
import { ZAuditPage, ZAuditQuery } from "./audit.types";

export const listAuditEventsEndpoint = defineEndpoint({
  method: "GET",
  path: "/api/v1/audit-events",
  summary: "The audit log, newest first, with filters",
  tag: "audit",
  access: "OPERATOR",
  query: ZAuditQuery,
  response: ZAuditPage,
  async handler({ query, rt }) {
    return listAuditEvents(rt.db, query);
  },
});
