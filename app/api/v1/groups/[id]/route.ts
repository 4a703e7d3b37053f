import { handle } from "@/server/http/endpoint";
import { deleteGroupEndpoint, getGroupEndpoint, updateGroupEndpoint } from "@/server/groups/groups.endpoints";

export const GET = handle(getGroupEndpoint);
export const PATCH = handle(updateGroupEndpoint);
export const DELETE = handle(deleteGroupEndpoint);
