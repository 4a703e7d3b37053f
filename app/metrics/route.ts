import { handle } from "@/server/http/endpoint";
import { metricsEndpoint } from "@/server/metrics/metrics.endpoints";

export const GET = handle(metricsEndpoint);
