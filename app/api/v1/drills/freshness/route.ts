import { handle } from "@/server/http/endpoint";
import { drillFreshnessEndpoint } from "@/server/drills/drills.endpoints";

export const GET = handle(drillFreshnessEndpoint);
