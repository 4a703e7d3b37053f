// Client types of patch compliance, inferred from the server's zod schemas (type-only imports).
export type { TComplianceReport, TComplianceServer, TComplianceSort, TComplianceStatus } from "@/server/rollouts/rollouts.types";
