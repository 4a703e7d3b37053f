import type { Runtime } from "../runtime";
import { defineEndpoint } from "../http/endpoint";
import { liveStatesOf } from "../groups/group-dto";
import { listWindows, getWindow } from "./list-windows";
import { createWindow, updateWindow } from "./save-window";
import { cancelWindow, endWindowNow } from "./stop-window";
import { previewWindow } from "./preview-window";
import {
  ZCancelWindowRequest,
  ZCreateWindowRequest,
  ZEndWindowRequest,
  ZUpdateWindowRequest,
  ZWindow,
  ZWindowIdParams,
  ZWindowImpact,
  ZWindowList,
  ZWindowListQuery,
  ZWindowPreviewRequest,
} from "./maintenance.types";

const live = (rt: Runtime) => liveStatesOf(rt.services.monitoring);
/** A change takes effect now, not at the next tick (the window may start, end or change scope). */
const applied = async <T>(rt: Runtime, result: T): Promise<T> => {
  await rt.services.maintenance?.reconcile();
  return result;
};

export const listWindowsEndpoint = defineEndpoint({
  method: "GET",
  path: "/api/v1/maintenance-windows",
  summary: "Maintenance windows with their occurrences in [from, to] (default: the next 31 days), active first; filtered to a server's or group's",
  tag: "maintenance",
  access: "VIEWER",
  query: ZWindowListQuery,
  response: ZWindowList,
  handler: ({ query, rt }) => listWindows(rt.db, query),
});

export const getWindowEndpoint = defineEndpoint({
  method: "GET",
  path: "/api/v1/maintenance-windows/{id}",
  summary: "A maintenance window with its status, running and next occurrence",
  tag: "maintenance",
  access: "VIEWER",
  params: ZWindowIdParams,
  response: ZWindow,
  handler: ({ params, rt }) => getWindow(rt.db, params.id),
});

export const previewWindowEndpoint = defineEndpoint({
  method: "POST",
  path: "/api/v1/maintenance-windows/preview",
  summary: "The impact of a draft window: next occurrences, servers, each touched group's redundancy during it, overlapping windows, whether it needs an override",
  tag: "maintenance",
  access: "OPERATOR",
  body: ZWindowPreviewRequest,
  response: ZWindowImpact,
  handler: ({ body, rt }) => previewWindow(rt.db, body.draft, live(rt), new Date(), body.windowId),
});

export const createWindowEndpoint = defineEndpoint({
  method: "POST",
  path: "/api/v1/maintenance-windows",
  summary: "Schedule a window (one-off or RRULE, in an IANA zone); 409 when it would break a group and no overrideReason is given",
  tag: "maintenance",
  access: "OPERATOR",
  body: ZCreateWindowRequest,
  response: ZWindow,
  status: 201,
  handler: async ({ body, actor, rt }) => applied(rt, await createWindow(rt.db, actor, body, live(rt))),
});

export const updateWindowEndpoint = defineEndpoint({
  method: "PATCH",
  path: "/api/v1/maintenance-windows/{id}",
  summary: "Change a window; the same checks as scheduling one; a running window's effects follow at once",
  tag: "maintenance",
  access: "OPERATOR",
  params: ZWindowIdParams,
  body: ZUpdateWindowRequest,
  response: ZWindow,
  handler: async ({ params, body, actor, rt }) => applied(rt, await updateWindow(rt.db, actor, params.id, body, live(rt))),
});

export const cancelWindowEndpoint = defineEndpoint({
  method: "POST",
  path: "/api/v1/maintenance-windows/{id}/cancel",
  summary: "Cancel a window: no more occurrences, a running one ends now and releases what it held",
  tag: "maintenance",
  access: "OPERATOR",
  params: ZWindowIdParams,
  body: ZCancelWindowRequest,
  response: ZWindow,
  handler: async ({ params, body, actor, rt }) => applied(rt, await cancelWindow(rt.db, actor, params.id, body.reason)),
});

export const endWindowEndpoint = defineEndpoint({
  method: "POST",
  path: "/api/v1/maintenance-windows/{id}/end",
  summary: "End the running occurrence now (the next ones stay); 409 when none runs",
  tag: "maintenance",
  access: "OPERATOR",
  params: ZWindowIdParams,
  body: ZEndWindowRequest,
  response: ZWindow,
  handler: async ({ params, body, actor, rt }) => applied(rt, await endWindowNow(rt.db, actor, params.id, body.reason)),
});
