// Client types of site disaster recovery, from the server's contract
// (type-only imports: nothing from server/ reaches the browser bundle).
import type { z } from "zod";
import type { ZGroupDependencies, ZGroupDependenciesRequest, ZSiteOperations } from "@/server/dr/dr.types";

export type {
  TEvacuationPreview,
  TEvacuationPreviewGroup,
  TPlanStage,
  TRecoveryPlan,
  TSaveRecoveryPlanRequest,
  TSiteGroupAction,
  TSiteMatrix,
  TSiteOperationReport,
  TStageHook,
  TStartEvacuationRequest,
  TStartReturnRequest,
  TStartSiteDrillRequest,
  TWhatIfGroup,
  TWhatIfRequest,
  TWhatIfResponse,
} from "@/server/dr/dr.types";

export type TGroupDependencies = z.output<typeof ZGroupDependencies>;
export type TGroupDependenciesRequest = z.input<typeof ZGroupDependenciesRequest>;
export type TSiteOperationSummary = z.output<typeof ZSiteOperations>["operations"][number];
export type TSiteOperationList = z.output<typeof ZSiteOperations>;

/** The three site operations: what the start buttons, previews and reports are about. */
export type TSiteKind = "EVACUATION" | "SITE_RETURN" | "SITE_DRILL";
export const SITE_KINDS: readonly string[] = ["EVACUATION", "SITE_RETURN", "SITE_DRILL"] satisfies TSiteKind[];
export const isSiteKind = (kind: string): kind is TSiteKind => SITE_KINDS.includes(kind);
