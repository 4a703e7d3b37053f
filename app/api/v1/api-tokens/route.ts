import { handle } from "@/server/http/endpoint";
import { createApiTokenEndpoint, listApiTokensEndpoint } from "@/server/api-tokens/api-tokens.endpoints";

export const GET = handle(listApiTokensEndpoint);
export const POST = handle(createApiTokenEndpoint);
