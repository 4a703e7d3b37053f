import { handle } from "@/server/http/endpoint";
import { ssoInfoEndpoint } from "@/server/auth/oidc/oidc.endpoints";

export const GET = handle(ssoInfoEndpoint);
