import { handle } from "@/server/http/endpoint";
import { healthEndpoint } from "@/server/health/health.endpoints";

export const GET = handle(healthEndpoint);
