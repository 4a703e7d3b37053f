import type { Runtime } from "../runtime";
import type { Actor } from "../auth/principal";
import { defineEndpoint } from "../http/endpoint";
import { listAlerts } from "./list-alerts";
import { getAlert } from "./get-alert";
import { acknowledgeAlert } from "./acknowledge-alert";
import { resolveAlert } from "./resolve-alert";
import { ZAckAlertRequest, ZAlert, ZAlertDetail, ZAlertIdParams, ZAlertList, ZAlertListQuery, ZResolveAlertRequest } from "./alerts.types";

export const listAlertsEndpoint = defineEndpoint({
  method: "GET",
  path: "/api/v1/alerts",
  summary: "Alerts, newest first, filtered by state (or `open`), severity, source, server, group, time and text; with the open counts",
  tag: "alerts",
  access: "VIEWER",
  query: ZAlertListQuery,
  response: ZAlertList,
  handler: ({ query, rt }) => listAlerts(rt.db, query),
});

export const getAlertEndpoint = defineEndpoint({
  method: "GET",
  path: "/api/v1/alerts/{id}",
  summary: "An alert with its timeline, the alerts folded into it, its deliveries and what happened around it",
  tag: "alerts",
  access: "VIEWER",
  params: ZAlertIdParams,
  response: ZAlertDetail,
  handler: ({ params, rt }) => getAlert(rt.db, params.id),
});

// Through the running alert manager when there is one, so browsers and channels hear of it and its memory stays true.
const ack = (rt: Runtime, actor: Actor, id: string, comment: string) => rt.services.alerts?.ack(id, actor, comment) ?? acknowledgeAlert(rt.db, actor, id, comment);
const resolve = async (rt: Runtime, actor: Actor, id: string, comment: string) => rt.services.alerts?.resolve(id, actor, comment) ?? (await resolveAlert(rt.db, actor, id, comment)).alert;

export const ackAlertEndpoint = defineEndpoint({
  method: "POST",
  path: "/api/v1/alerts/{id}/ack",
  summary: "Acknowledge an open alert, with an optional comment; 409 when already acknowledged or resolved",
  tag: "alerts",
  access: "OPERATOR",
  params: ZAlertIdParams,
  body: ZAckAlertRequest,
  response: ZAlert,
  handler: ({ params, body, actor, rt }) => ack(rt, actor, params.id, body.comment),
});

export const resolveAlertEndpoint = defineEndpoint({
  method: "POST",
  path: "/api/v1/alerts/{id}/resolve",
  summary: "Resolve an alert by hand (the alerts folded into it with it); if its condition still holds it fires again only after clearing once",
  tag: "alerts",
  access: "OPERATOR",
  params: ZAlertIdParams,
  body: ZResolveAlertRequest,
  response: ZAlert,
  handler: ({ params, body, actor, rt }) => resolve(rt, actor, params.id, body.comment),
});
