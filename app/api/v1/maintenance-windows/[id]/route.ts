import { handle } from "@/server/http/endpoint";
import { getWindowEndpoint, updateWindowEndpoint } from "@/server/maintenance/maintenance.endpoints";

export const GET = handle(getWindowEndpoint);
export const PATCH = handle(updateWindowEndpoint);
