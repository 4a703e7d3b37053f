import { handle } from "@/server/http/endpoint";
import { loginEndpoint } from "@/server/auth/auth.endpoints";

export const POST = handle(loginEndpoint);
