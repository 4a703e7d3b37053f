import { handle } from "@/server/http/endpoint";
import { logoutEndpoint } from "@/server/auth/auth.endpoints";

export const POST = handle(logoutEndpoint);
