import { handle } from "@/server/http/endpoint";
import { listScheduleRunsEndpoint } from "@/server/drills/schedules/schedules.endpoints";

export const GET = handle(listScheduleRunsEndpoint);
