import { handle } from "@/server/http/endpoint";
import { planFailoverEndpoint } from "@/server/failover/failover.endpoints";

export const POST = handle(planFailoverEndpoint);
