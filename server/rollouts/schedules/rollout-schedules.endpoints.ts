// Rollout schedules over HTTP. The scheduler reads the table each tick, so a
// change needs no nudge: it takes effect at the next tick.
import { defineEndpoint, ZNoContent } from "../../http/endpoint";
import { listRunsOf } from "../../schedules/schedule-runs";
import {
  ZCreateRolloutScheduleRequest,
  ZRolloutSchedule,
  ZRolloutScheduleList,
  ZScheduleIdParams,
  ZScheduleRunList,
  ZUpdateRolloutScheduleRequest,
} from "./rollout-schedules.types";
import { createRolloutSchedule, updateRolloutSchedule } from "./save-rollout-schedule";
import { deleteRolloutSchedule } from "./delete-rollout-schedule";
import { listRolloutSchedules } from "./list-rollout-schedules";

export const listRolloutSchedulesEndpoint = defineEndpoint({
  method: "GET",
  path: "/api/v1/rollout-schedules",
  summary: "Rollout schedules, soonest next run first, each with its recurrence in words, its rollout and its last run",
  tag: "rollouts",
  access: "VIEWER",
  response: ZRolloutScheduleList,
  handler: ({ rt }) => listRolloutSchedules(rt.db),
});

export const createRolloutScheduleEndpoint = defineEndpoint({
  method: "POST",
  path: "/api/v1/rollout-schedules",
  summary: "Schedule a recurring patch rollout (RRULE in an IANA zone); each run plans against the fleet as it is then; a custom command needs an admin (403)",
  tag: "rollouts",
  access: "OPERATOR",
  body: ZCreateRolloutScheduleRequest,
  response: ZRolloutSchedule,
  status: 201,
  handler: ({ body, actor, principal, rt }) => createRolloutSchedule(rt.db, actor, body, { isAdmin: principal.role === "ADMIN" }),
});

export const updateRolloutScheduleEndpoint = defineEndpoint({
  method: "PATCH",
  path: "/api/v1/rollout-schedules/{id}",
  summary: "Change a rollout schedule (the same checks as creating one; `rollout` replaces the whole request); its next run is recomputed from now. An operator may pause a custom-command schedule, not change it",
  tag: "rollouts",
  access: "OPERATOR",
  params: ZScheduleIdParams,
  body: ZUpdateRolloutScheduleRequest,
  response: ZRolloutSchedule,
  handler: ({ params, body, actor, principal, rt }) => updateRolloutSchedule(rt.db, actor, params.id, body, { isAdmin: principal.role === "ADMIN" }),
});

export const deleteRolloutScheduleEndpoint = defineEndpoint({
  method: "DELETE",
  path: "/api/v1/rollout-schedules/{id}",
  summary: "Delete a rollout schedule and its run history (rollouts it started stay)",
  tag: "rollouts",
  access: "OPERATOR",
  params: ZScheduleIdParams,
  response: ZNoContent,
  status: 204,
  handler: async ({ params, actor, rt }) => {
    await deleteRolloutSchedule(rt.db, actor, params.id);
    return null;
  },
});

export const listRolloutScheduleRunsEndpoint = defineEndpoint({
  method: "GET",
  path: "/api/v1/rollout-schedules/{id}/runs",
  summary: "A rollout schedule's runs, newest first (at most 100): started, missed while Tandem was down, or failed to start (nothing to patch, its window not running)",
  tag: "rollouts",
  access: "VIEWER",
  params: ZScheduleIdParams,
  response: ZScheduleRunList,
  handler: ({ params, rt }) => listRunsOf(rt.db, "ROLLOUT", "Rollout schedule", params.id),
});
