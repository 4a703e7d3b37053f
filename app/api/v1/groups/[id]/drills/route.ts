import { handle } from "@/server/http/endpoint";
import { listGroupDrillsEndpoint, startDrillEndpoint } from "@/server/drills/drills.endpoints";

export const GET = handle(listGroupDrillsEndpoint);
export const POST = handle(startDrillEndpoint);
