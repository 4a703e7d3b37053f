import { handle } from "@/server/http/endpoint";
import { createDrillScheduleEndpoint, listDrillSchedulesEndpoint } from "@/server/drills/schedules/schedules.endpoints";

export const GET = handle(listDrillSchedulesEndpoint);
export const POST = handle(createDrillScheduleEndpoint);
