// Drill schedules over HTTP. The scheduler reads the table each tick, so a
// change needs no nudge: it takes effect at the next tick.
import { defineEndpoint, ZNoContent } from "../../http/endpoint";
import {
  ZCreateDrillScheduleRequest,
  ZDrillSchedule,
  ZDrillScheduleList,
  ZDrillScheduleListQuery,
  ZScheduleIdParams,
  ZScheduleRunList,
  ZUpdateDrillScheduleRequest,
} from "../drills.types";
import { createDrillSchedule, updateDrillSchedule } from "./save-drill-schedule";
import { deleteDrillSchedule } from "./delete-drill-schedule";
import { listDrillSchedules } from "./list-drill-schedules";
import { listScheduleRuns } from "./list-schedule-runs";

export const listDrillSchedulesEndpoint = defineEndpoint({
  method: "GET",
  path: "/api/v1/drill-schedules",
  summary: "Drill schedules, soonest next run first, each with its recurrence in words and its last run; optionally one group's",
  tag: "drills",
  access: "VIEWER",
  query: ZDrillScheduleListQuery,
  response: ZDrillScheduleList,
  handler: ({ query, rt }) => listDrillSchedules(rt.db, query),
});

export const createDrillScheduleEndpoint = defineEndpoint({
  method: "POST",
  path: "/api/v1/drill-schedules",
  summary: "Schedule a recurring drill on a group (RRULE in an IANA zone, dry run or live, optionally only inside a maintenance window); 409 for a live drill on an active-active group",
  tag: "drills",
  access: "OPERATOR",
  body: ZCreateDrillScheduleRequest,
  response: ZDrillSchedule,
  status: 201,
  handler: ({ body, actor, rt }) => createDrillSchedule(rt.db, actor, body),
});

export const updateDrillScheduleEndpoint = defineEndpoint({
  method: "PATCH",
  path: "/api/v1/drill-schedules/{id}",
  summary: "Change a drill schedule (the same checks as creating one); its next run is recomputed from now",
  tag: "drills",
  access: "OPERATOR",
  params: ZScheduleIdParams,
  body: ZUpdateDrillScheduleRequest,
  response: ZDrillSchedule,
  handler: ({ params, body, actor, rt }) => updateDrillSchedule(rt.db, actor, params.id, body),
});

export const deleteDrillScheduleEndpoint = defineEndpoint({
  method: "DELETE",
  path: "/api/v1/drill-schedules/{id}",
  summary: "Delete a drill schedule and its run history (drills it started stay)",
  tag: "drills",
  access: "OPERATOR",
  params: ZScheduleIdParams,
  response: ZNoContent,
  status: 204,
  handler: async ({ params, actor, rt }) => {
    await deleteDrillSchedule(rt.db, actor, params.id);
    return null;
  },
});

export const listScheduleRunsEndpoint = defineEndpoint({
  method: "GET",
  path: "/api/v1/drill-schedules/{id}/runs",
  summary: "A drill schedule's runs, newest first (at most 100): started, missed while Tandem was down, skipped, or failed to start",
  tag: "drills",
  access: "VIEWER",
  params: ZScheduleIdParams,
  response: ZScheduleRunList,
  handler: ({ params, rt }) => listScheduleRuns(rt.db, params.id),
});
