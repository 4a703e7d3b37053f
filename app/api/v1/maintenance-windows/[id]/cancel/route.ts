import { handle } from "@/server/http/endpoint";
import { cancelWindowEndpoint } from "@/server/maintenance/maintenance.endpoints";

export const POST = handle(cancelWindowEndpoint);
