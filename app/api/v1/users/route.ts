import { handle } from "@/server/http/endpoint";
import { createUserEndpoint, listUsersEndpoint } from "@/server/users/users.endpoints";

export const GET = handle(listUsersEndpoint);
export const POST = handle(createUserEndpoint);
