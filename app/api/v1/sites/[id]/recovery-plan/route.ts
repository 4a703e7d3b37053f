import { handle } from "@/server/http/endpoint";
import { deleteRecoveryPlanEndpoint, getRecoveryPlanEndpoint, saveRecoveryPlanEndpoint } from "@/server/dr/dr.endpoints";

export const GET = handle(getRecoveryPlanEndpoint);
export const PUT = handle(saveRecoveryPlanEndpoint);
export const DELETE = handle(deleteRecoveryPlanEndpoint);
