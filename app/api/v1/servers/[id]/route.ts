import { handle } from "@/server/http/endpoint";
import { deleteServerEndpoint, getServerEndpoint, updateServerEndpoint } from "@/server/inventory/servers/servers.endpoints";

export const GET = handle(getServerEndpoint);
export const PATCH = handle(updateServerEndpoint);
export const DELETE = handle(deleteServerEndpoint);
