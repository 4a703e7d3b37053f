import { handle } from "@/server/http/endpoint";
import { pauseOperationEndpoint } from "@/server/failover/failover.endpoints";

export const POST = handle(pauseOperationEndpoint);
