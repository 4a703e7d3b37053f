import { handle } from "@/server/http/endpoint";
import { endWindowEndpoint } from "@/server/maintenance/maintenance.endpoints";

export const POST = handle(endWindowEndpoint);
