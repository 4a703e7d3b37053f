import { handle } from "@/server/http/endpoint";
import { revokeApiTokenEndpoint } from "@/server/api-tokens/api-tokens.endpoints";

export const DELETE = handle(revokeApiTokenEndpoint);
