import { handle } from "@/server/http/endpoint";
import { createServerEndpoint, listServersEndpoint } from "@/server/inventory/servers/servers.endpoints";

export const GET = handle(listServersEndpoint);
export const POST = handle(createServerEndpoint);
