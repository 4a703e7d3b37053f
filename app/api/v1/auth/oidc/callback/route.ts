import { handle } from "@/server/http/endpoint";
import { oidcCallbackEndpoint } from "@/server/auth/oidc/oidc.endpoints";

export const GET = handle(oidcCallbackEndpoint);
