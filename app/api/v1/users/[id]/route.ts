import { handle } from "@/server/http/endpoint";
import { updateUserEndpoint } from "@/server/users/users.endpoints";

export const PATCH = handle(updateUserEndpoint);
