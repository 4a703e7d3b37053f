import { z } from "zod";
import type { Runtime } from "../runtime";
import { defineEndpoint } from "../http/endpoint";
import { liveStatesOf } from "../groups/group-dto";
import { ZGroupIdParams } from "../groups/groups.types";
import { ZSiteIdParams } from "../inventory/sites/sites.types";
import { ZOperation } from "../operations/operation.types";
import {
  ZEvacuationPlanRequest,
  ZEvacuationPreview,
  ZGroupDependencies,
  ZGroupDependenciesRequest,
  ZRecoveryPlan,
  ZSaveRecoveryPlanRequest,
  ZSiteMatrix,
  ZSiteOperationReport,
  ZSiteOperations,
  ZStartEvacuationRequest,
  ZStartReturnRequest,
  ZStartSiteDrillRequest,
  ZWhatIfRequest,
  ZWhatIfResponse,
} from "./dr.types";
import { loadDrFleet } from "./dr-fleet";
import { deleteRecoveryPlan, getDependencies, mustFindSite, resolvePlan, saveRecoveryPlan, setDependencies } from "./recovery-plans";
import { siteMatrix } from "./site-matrix";
import { previewEvacuation, previewReturn, startEvacuation, startReturn, startSiteDrill, type DrDeps } from "./site-operations";
import { getSiteReport, listSiteOperations } from "./site-report";
import { whatIf } from "./what-if";

const live = (rt: Runtime) => liveStatesOf(rt.services.monitoring);
const drDeps = (rt: Runtime): DrDeps => ({ db: rt.db, engine: rt.services.operations, live: live(rt) });
const ZOperationIdParams = z.strictObject({ id: z.uuid() });

export const whatIfEndpoint = defineEndpoint({
  method: "POST",
  path: "/api/v1/what-if",
  summary: "Lose sites, servers or groups on paper: per group its redundancy before and after, whether it can be recovered (candidate, lag, fencing path), and what a recovery would do",
  tag: "disaster-recovery",
  access: "VIEWER",
  body: ZWhatIfRequest,
  response: ZWhatIfResponse,
  async handler({ body, rt }) {
    const fleet = await loadDrFleet(rt.db, live(rt));
    return whatIf(fleet, { siteIds: new Set(body.siteIds), serverIds: new Set(body.serverIds), groupIds: new Set(body.groupIds) });
  },
});

export const siteMatrixEndpoint = defineEndpoint({
  method: "GET",
  path: "/api/v1/sites/matrix",
  summary: "Groups by site: where each primary, standby and pool member lives, with redundancy and DR coverage",
  tag: "disaster-recovery",
  access: "VIEWER",
  response: ZSiteMatrix,
  async handler({ rt }) {
    const states = live(rt);
    const fleet = await loadDrFleet(rt.db, states);
    return siteMatrix(fleet, new Map([...(states ?? new Map())].map(([id, s]) => [id, s.health])));
  },
});

export const getRecoveryPlanEndpoint = defineEndpoint({
  method: "GET",
  path: "/api/v1/sites/{id}/recovery-plan",
  summary: "A site's recovery plan: stages of groups in order (saved by an admin, or derived from the groups' dependencies) with pre/post hooks",
  tag: "disaster-recovery",
  access: "VIEWER",
  params: ZSiteIdParams,
  response: ZRecoveryPlan,
  async handler({ params, rt }) {
    const site = await mustFindSite(rt.db, params.id);
    return (await resolvePlan(rt.db, await loadDrFleet(rt.db, live(rt)), site)).view;
  },
});

export const saveRecoveryPlanEndpoint = defineEndpoint({
  method: "PUT",
  path: "/api/v1/sites/{id}/recovery-plan",
  summary: "Save a site's recovery plan (admins): stages in order, each group after every group it depends on, hooks on named servers",
  tag: "disaster-recovery",
  access: "ADMIN",
  params: ZSiteIdParams,
  body: ZSaveRecoveryPlanRequest,
  response: ZRecoveryPlan,
  async handler({ params, body, actor, rt }) {
    const site = await mustFindSite(rt.db, params.id);
    await saveRecoveryPlan(rt.db, await loadDrFleet(rt.db, live(rt)), actor, site, body);
    return (await resolvePlan(rt.db, await loadDrFleet(rt.db, live(rt)), site)).view;
  },
});

export const deleteRecoveryPlanEndpoint = defineEndpoint({
  method: "DELETE",
  path: "/api/v1/sites/{id}/recovery-plan",
  summary: "Drop a site's saved recovery plan (admins): the plan is derived from the groups' dependencies again",
  tag: "disaster-recovery",
  access: "ADMIN",
  params: ZSiteIdParams,
  response: ZRecoveryPlan,
  async handler({ params, actor, rt }) {
    const site = await mustFindSite(rt.db, params.id);
    await deleteRecoveryPlan(rt.db, actor, site);
    return (await resolvePlan(rt.db, await loadDrFleet(rt.db, live(rt)), site)).view;
  },
});

export const getDependenciesEndpoint = defineEndpoint({
  method: "GET",
  path: "/api/v1/groups/{id}/dependencies",
  summary: "The groups a group needs up first, and those that need it",
  tag: "disaster-recovery",
  access: "VIEWER",
  params: ZGroupIdParams,
  response: ZGroupDependencies,
  handler: ({ params, rt }) => getDependencies(rt.db, params.id),
});

export const setDependenciesEndpoint = defineEndpoint({
  method: "PUT",
  path: "/api/v1/groups/{id}/dependencies",
  summary: "Set the groups a group depends on (admins); a cycle is refused (422, naming it)",
  tag: "disaster-recovery",
  access: "ADMIN",
  params: ZGroupIdParams,
  body: ZGroupDependenciesRequest,
  response: ZGroupDependencies,
  handler: ({ params, body, actor, rt }) => setDependencies(rt.db, actor, params.id, body.dependsOn),
});

export const planEvacuationEndpoint = defineEndpoint({
  method: "POST",
  path: "/api/v1/sites/{id}/evacuation/plan",
  summary: "Plan a site's evacuation: stage by stage, each group's move (switchover, failover, drain) to where, with every precondition; what cannot move and why",
  tag: "disaster-recovery",
  access: "VIEWER",
  params: ZSiteIdParams,
  body: ZEvacuationPlanRequest,
  response: ZEvacuationPreview,
  handler: ({ params, body, rt }) => previewEvacuation(drDeps(rt), params.id, body),
});

export const startEvacuationEndpoint = defineEndpoint({
  method: "POST",
  path: "/api/v1/sites/{id}/evacuation",
  summary: "Evacuate a site (kind EVACUATION), or dry-run it: groups moved stage by stage in plan order, in parallel within a stage up to the bound; 202 with the operation",
  tag: "disaster-recovery",
  access: "OPERATOR",
  params: ZSiteIdParams,
  body: ZStartEvacuationRequest,
  response: ZOperation,
  status: 202,
  async handler({ params, body, actor, rt }) {
    return (await startEvacuation(drDeps(rt), actor, params.id, body)).operation;
  },
});

export const planReturnEndpoint = defineEndpoint({
  method: "POST",
  path: "/api/v1/sites/{id}/return/plan",
  summary: "Plan the return to a site: what its latest evacuation moved, and whether each group can come back now",
  tag: "disaster-recovery",
  access: "VIEWER",
  params: ZSiteIdParams,
  body: z.strictObject({ evacuationId: z.uuid().optional(), parallelism: z.int().min(1).max(100).optional() }),
  response: ZEvacuationPreview,
  handler: ({ params, body, rt }) => previewReturn(drDeps(rt), params.id, body),
});

export const startReturnEndpoint = defineEndpoint({
  method: "POST",
  path: "/api/v1/sites/{id}/return",
  summary: "Return to a site (kind SITE_RETURN): fail back what its evacuation moved (rejoining fenced primaries first); 202 with the operation",
  tag: "disaster-recovery",
  access: "OPERATOR",
  params: ZSiteIdParams,
  body: ZStartReturnRequest,
  response: ZOperation,
  status: 202,
  async handler({ params, body, actor, rt }) {
    return (await startReturn(drDeps(rt), actor, params.id, body)).operation;
  },
});

export const startSiteDrillEndpoint = defineEndpoint({
  method: "POST",
  path: "/api/v1/sites/{id}/drills",
  summary: "Drill a site (kind SITE_DRILL): evacuate, hold with stop conditions, return; RTO per group and in total; 202 with the operation",
  tag: "disaster-recovery",
  access: "OPERATOR",
  params: ZSiteIdParams,
  body: ZStartSiteDrillRequest,
  response: ZOperation,
  status: 202,
  async handler({ params, body, actor, rt }) {
    return (await startSiteDrill(drDeps(rt), actor, params.id, body)).operation;
  },
});

export const listSiteOperationsEndpoint = defineEndpoint({
  method: "GET",
  path: "/api/v1/sites/{id}/operations",
  summary: "A site's evacuations, returns and site drills, newest first",
  tag: "disaster-recovery",
  access: "VIEWER",
  params: ZSiteIdParams,
  response: ZSiteOperations,
  async handler({ params, rt }) {
    await mustFindSite(rt.db, params.id);
    return listSiteOperations(rt.db, params.id);
  },
});

export const siteReportEndpoint = defineEndpoint({
  method: "GET",
  path: "/api/v1/operations/{id}/site",
  summary: "A site operation's report: every group by phase and stage with its move, child operation and RTO; totals, p50/p95 and the parallelism reached",
  tag: "disaster-recovery",
  access: "VIEWER",
  params: ZOperationIdParams,
  response: ZSiteOperationReport,
  handler: ({ params, rt }) => getSiteReport(rt.db, params.id),
});
