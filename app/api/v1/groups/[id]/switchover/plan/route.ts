import { handle } from "@/server/http/endpoint";
import { planSwitchoverEndpoint } from "@/server/failover/failover.endpoints";

export const POST = handle(planSwitchoverEndpoint);
