import { handle } from "@/server/http/endpoint";
import { getOperationEndpoint } from "@/server/failover/failover.endpoints";

export const GET = handle(getOperationEndpoint);
