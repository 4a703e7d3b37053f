import { handle } from "@/server/http/endpoint";
import { createWindowEndpoint, listWindowsEndpoint } from "@/server/maintenance/maintenance.endpoints";

export const GET = handle(listWindowsEndpoint);
export const POST = handle(createWindowEndpoint);
