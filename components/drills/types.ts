// Client types of drills, inferred from the server's zod schemas (type-only imports).
import type { z } from "zod";
import type {
  TCreateDrillScheduleRequest,
  TDrillFreshness,
  TDrillMode,
  TDrillReport,
  TDrillSchedule,
  TDrillSummary,
  TGroupDrills,
  TScheduleRun,
  TStartDrillRequest,
  TUpdateDrillScheduleRequest,
  ZDrillFreshnessList,
  ZStopSeverity,
} from "@/server/drills/drills.types";

export type { TCreateDrillScheduleRequest, TDrillFreshness, TDrillMode, TDrillReport, TDrillSchedule, TDrillSummary, TGroupDrills, TScheduleRun, TStartDrillRequest, TUpdateDrillScheduleRequest };
export type TDrillFreshnessList = z.output<typeof ZDrillFreshnessList>;
export type TStopSeverity = z.output<typeof ZStopSeverity>;
