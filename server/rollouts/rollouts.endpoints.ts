import { z } from "zod";
import type { Runtime } from "../runtime";
import { defineEndpoint } from "../http/endpoint";
import { liveStatesOf } from "../groups/group-dto";
import { getRollout, listRollouts } from "./rollout-dto";
import { controlRollout, planRolloutRequest, startRollout, type RolloutStartDeps } from "./start-rollout";
import { ZListRolloutsQuery, ZPlanRolloutRequest, ZRollout, ZRolloutControlRequest, ZRolloutIdParams, ZRolloutPlan, ZRolloutSummary, ZStartRolloutRequest } from "./rollouts.types";

const deps = (rt: Runtime): RolloutStartDeps => {
  const monitoring = rt.services.monitoring;
  return { db: rt.db, live: liveStatesOf(monitoring), sample: (id) => monitoring?.hostDetail(id)?.sample, engine: rt.services.operations };
};

export const planRolloutEndpoint = defineEndpoint({
  method: "POST",
  path: "/api/v1/rollouts/plan",
  summary: "Preview a rollout: its batches with each group's redundancy during them, and the servers it cannot schedule and why; nothing runs",
  tag: "rollouts",
  access: "OPERATOR",
  body: ZPlanRolloutRequest,
  response: ZRolloutPlan,
  handler: ({ body, rt }) => planRolloutRequest(deps(rt), body),
});

export const startRolloutEndpoint = defineEndpoint({
  method: "POST",
  path: "/api/v1/rollouts",
  summary: "Start a patch rollout: the plan's batches, each host drained, patched, rebooted per the policy, health-gated and re-enabled; 202 with the rollout",
  tag: "rollouts",
  access: "OPERATOR",
  body: ZStartRolloutRequest,
  response: ZRollout,
  status: 202,
  async handler({ body, actor, principal, rt }) {
    const { operation } = await startRollout(deps(rt), actor, body, { isAdmin: principal.role === "ADMIN" });
    return getRollout(rt.db, operation.id);
  },
});

export const listRolloutsEndpoint = defineEndpoint({
  method: "GET",
  path: "/api/v1/rollouts",
  summary: "Rollouts, newest first, with their progress",
  tag: "rollouts",
  access: "VIEWER",
  query: ZListRolloutsQuery,
  response: z.object({ rollouts: z.array(ZRolloutSummary) }),
  handler: ({ query, rt }) => listRollouts(rt.db, query),
});

export const getRolloutEndpoint = defineEndpoint({
  method: "GET",
  path: "/api/v1/rollouts/{id}",
  summary: "A rollout: its state (as operations: RUNNING, PAUSED, SUCCEEDED, FAILED, ABORTED), batches, and every host with its steps",
  tag: "rollouts",
  access: "VIEWER",
  params: ZRolloutIdParams,
  response: ZRollout,
  handler: ({ params, rt }) => getRollout(rt.db, params.id),
});

function controlEndpoint(action: "pause" | "resume" | "abort", summary: string) {
  return defineEndpoint({
    method: "POST",
    path: `/api/v1/rollouts/{id}/${action}`,
    summary,
    tag: "rollouts",
    access: "OPERATOR",
    params: ZRolloutIdParams,
    body: ZRolloutControlRequest,
    response: ZRollout,
    async handler({ params, body, actor, rt }) {
      await controlRollout(rt.services.operations, rt.db, actor, params.id, action, body.reason);
      return getRollout(rt.db, params.id);
    },
  });
}

export const pauseRolloutEndpoint = controlEndpoint("pause", "Pause a rollout: no new host starts; the hosts in flight finish (re-enabled), then it is PAUSED");
export const resumeRolloutEndpoint = controlEndpoint("resume", "Resume a paused rollout where it stopped");
export const abortRolloutEndpoint = controlEndpoint("abort", "Abort a rollout: no new host starts; the hosts in flight finish their step and are re-enabled; the rest is skipped");
