import { handle } from "@/server/http/endpoint";
import { deleteDrillScheduleEndpoint, updateDrillScheduleEndpoint } from "@/server/drills/schedules/schedules.endpoints";

export const PATCH = handle(updateDrillScheduleEndpoint);
export const DELETE = handle(deleteDrillScheduleEndpoint);
