import { handle } from "@/server/http/endpoint";
import { oidcLoginEndpoint } from "@/server/auth/oidc/oidc.endpoints";

export const GET = handle(oidcLoginEndpoint);
