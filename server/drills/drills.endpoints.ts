import type { Runtime } from "../runtime";
import { defineEndpoint } from "../http/endpoint";
import { liveStatesOf } from "../groups/group-dto";
import { ZGroupIdParams } from "../groups/groups.types";
import { ZOperation } from "../operations/operation.types";
import { startDrill } from "./start-drill";
import { drillFreshness, getDrillReport, listGroupDrills } from "./drill-report";
import { ZDrillFreshnessList, ZDrillIdParams, ZDrillReport, ZGroupDrills, ZStartDrillRequest } from "./drills.types";

const live = (rt: Runtime) => liveStatesOf(rt.services.monitoring);

export const startDrillEndpoint = defineEndpoint({
  method: "POST",
  path: "/api/v1/groups/{id}/drills",
  summary: "Start a drill: a dry run (every failover precondition, nothing changed) or a live drill (switchover, hold, failback, with stop conditions); 202 with the operation",
  tag: "drills",
  access: "OPERATOR",
  params: ZGroupIdParams,
  body: ZStartDrillRequest,
  response: ZOperation,
  status: 202,
  async handler({ params, body, actor, rt }) {
    const { operation } = await startDrill({ db: rt.db, engine: rt.services.operations, live: live(rt) }, actor, params.id, body);
    return operation;
  },
});

export const listGroupDrillsEndpoint = defineEndpoint({
  method: "GET",
  path: "/api/v1/groups/{id}/drills",
  summary: "A group's drills, newest first, with RTO/RPO and verdicts (the trend), and its drill freshness",
  tag: "drills",
  access: "VIEWER",
  params: ZGroupIdParams,
  response: ZGroupDrills,
  handler: ({ params, rt }) => listGroupDrills(rt.db, params.id, rt.config.drillMaxAgeDays),
});

export const getDrillEndpoint = defineEndpoint({
  method: "GET",
  path: "/api/v1/drills/{id}",
  summary: "A drill's report: verdict, RTO and RPO, every step with its duration and output, whether the original primary was restored",
  tag: "drills",
  access: "VIEWER",
  params: ZDrillIdParams,
  response: ZDrillReport,
  handler: ({ params, rt }) => getDrillReport(rt.db, params.id),
});

export const drillFreshnessEndpoint = defineEndpoint({
  method: "GET",
  path: "/api/v1/drills/freshness",
  summary: "Days since each active-passive group's last passing live drill, stalest first; flagged past TANDEM_DRILL_MAX_AGE_DAYS",
  tag: "drills",
  access: "VIEWER",
  response: ZDrillFreshnessList,
  handler: ({ rt }) => drillFreshness(rt.db, rt.config.drillMaxAgeDays),
});
