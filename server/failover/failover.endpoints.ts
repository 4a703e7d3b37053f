// Switchover, failover and the operations they create. Starting or steering an
// operation is for operators; reading them, for everyone signed in.
import type { Runtime } from "../runtime";
import { defineEndpoint } from "../http/endpoint";
import { notFound, AppError } from "../errors/app-error";
import { liveStatesOf } from "../groups/group-dto";
import { ZGroupIdParams } from "../groups/groups.types";
import { getOperation } from "../operations/get-operation";
import { ZOperation } from "../operations/operation.types";
import {
  ZAbortOperationRequest,
  ZListOperationsQuery,
  ZMemberParams,
  ZOperationIdParams,
  ZOperationList,
  ZPlanPreview,
  ZPlanPreviewQuery,
  ZRejoinRequest,
  ZResumeOperationRequest,
  ZStartSwitchRequest,
} from "./failover.types";
import { listOperations } from "./list-operations";
import { planSwitch, startRejoin, startSwitch, toPlanPreview, type SwitchKind } from "./start-switch";

const deps = (rt: Runtime) => ({
  db: rt.db,
  engine: rt.services.operations,
  live: liveStatesOf(rt.services.monitoring),
  hosts: rt.services.monitoring?.engine.hosts,
});
function engineOf(rt: Runtime) {
  if (!rt.services.operations) throw new AppError("UNAVAILABLE", "The operations engine is not running");
  return rt.services.operations;
}

function startEndpoint(kind: SwitchKind, segment: "switchover" | "failover") {
  return defineEndpoint({
    method: "POST",
    path: `/api/v1/groups/{id}/${segment}`,
    summary: kind === "SWITCHOVER" ? "Switch the primary role to a standby (healthy primary); answers 202 with the running operation" : "Fail over a dead primary to a standby; answers 202 with the running operation",
    tag: "operations",
    access: "OPERATOR",
    params: ZGroupIdParams,
    body: ZStartSwitchRequest,
    response: ZOperation,
    status: 202,
    async handler({ params, body, actor, rt }) {
      return (await startSwitch(deps(rt), actor, kind, params.id, body)).operation;
    },
  });
}

function planEndpoint(kind: SwitchKind, segment: "switchover" | "failover") {
  return defineEndpoint({
    method: "POST",
    path: `/api/v1/groups/{id}/${segment}/plan`,
    summary: `The ${segment} plan for the group as it stands, without running it (for the confirmation dialog)`,
    tag: "operations",
    access: "OPERATOR",
    params: ZGroupIdParams,
    query: ZPlanPreviewQuery,
    response: ZPlanPreview,
    async handler({ params, query, rt }) {
      return toPlanPreview(await planSwitch(deps(rt), kind, params.id, { candidateServerId: query.candidateServerId }));
    },
  });
}

export const startSwitchoverEndpoint = startEndpoint("SWITCHOVER", "switchover");
export const startFailoverEndpoint = startEndpoint("FAILOVER", "failover");
export const planSwitchoverEndpoint = planEndpoint("SWITCHOVER", "switchover");
export const planFailoverEndpoint = planEndpoint("FAILOVER", "failover");

export const rejoinMemberEndpoint = defineEndpoint({
  method: "POST",
  path: "/api/v1/groups/{id}/members/{serverId}/rejoin",
  summary: "Rejoin a FENCED member once it answers: its demote hook runs, its role probe must say standby, and it becomes an in-service STANDBY; answers 202 with the running operation",
  tag: "operations",
  access: "OPERATOR",
  params: ZMemberParams,
  body: ZRejoinRequest,
  response: ZOperation,
  status: 202,
  async handler({ params, body, actor, rt }) {
    return (await startRejoin(deps(rt), actor, params.id, params.serverId, body)).operation;
  },
});

export const listOperationsEndpoint = defineEndpoint({
  method: "GET",
  path: "/api/v1/operations",
  summary: "Operations, newest first, with their steps",
  tag: "operations",
  access: "VIEWER",
  query: ZListOperationsQuery,
  response: ZOperationList,
  async handler({ query, rt }) {
    return { operations: await listOperations(rt.db, query) };
  },
});

export const getOperationEndpoint = defineEndpoint({
  method: "GET",
  path: "/api/v1/operations/{id}",
  summary: "An operation's state and steps",
  tag: "operations",
  access: "VIEWER",
  params: ZOperationIdParams,
  response: ZOperation,
  async handler({ params, rt }) {
    const op = await getOperation(rt.db, params.id);
    if (!op) throw notFound("Operation");
    return op;
  },
});

export const abortOperationEndpoint = defineEndpoint({
  method: "POST",
  path: "/api/v1/operations/{id}/abort",
  summary: "Abort an operation; what it changed is rolled back where its plan says how",
  tag: "operations",
  access: "OPERATOR",
  params: ZOperationIdParams,
  body: ZAbortOperationRequest,
  response: ZOperation,
  status: 202,
  async handler({ params, body, actor, rt }) {
    return (await engineOf(rt).abort(params.id, actor, body.reason)).operation;
  },
});

export const pauseOperationEndpoint = defineEndpoint({
  method: "POST",
  path: "/api/v1/operations/{id}/pause",
  summary: "Pause an operation that runs many parts at once (a rollout, a site evacuation, return or drill): nothing new starts, what is in flight finishes, then it is PAUSED; 409 for the other kinds",
  tag: "operations",
  access: "OPERATOR",
  params: ZOperationIdParams,
  body: ZAbortOperationRequest,
  response: ZOperation,
  status: 202,
  async handler({ params, body, actor, rt }) {
    return (await engineOf(rt).pause(params.id, actor, body.reason)).operation;
  },
});

export const resumeOperationEndpoint = defineEndpoint({
  method: "POST",
  path: "/api/v1/operations/{id}/resume",
  summary: "Resume a paused operation: re-run the step that timed out, or skip it",
  tag: "operations",
  access: "OPERATOR",
  params: ZOperationIdParams,
  body: ZResumeOperationRequest,
  response: ZOperation,
  status: 202,
  async handler({ params, body, actor, rt }) {
    return (await engineOf(rt).resume(params.id, actor, { skip: body.skip })).operation;
  },
});
