import { handle } from "@/server/http/endpoint";
import { startSwitchoverEndpoint } from "@/server/failover/failover.endpoints";

export const POST = handle(startSwitchoverEndpoint);
