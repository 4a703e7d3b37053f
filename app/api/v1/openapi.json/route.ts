import { handle } from "@/server/http/endpoint";
import { openApiEndpoint } from "@/server/api/openapi.endpoints";

export const GET = handle(openApiEndpoint);
