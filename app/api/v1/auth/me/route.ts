import { handle } from "@/server/http/endpoint";
import { meEndpoint } from "@/server/auth/auth.endpoints";

export const GET = handle(meEndpoint);
