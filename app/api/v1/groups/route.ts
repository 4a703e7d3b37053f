import { handle } from "@/server/http/endpoint";
import { createGroupEndpoint, listGroupsEndpoint } from "@/server/groups/groups.endpoints";

export const GET = handle(listGroupsEndpoint);
export const POST = handle(createGroupEndpoint);
