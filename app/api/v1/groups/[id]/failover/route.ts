import { handle } from "@/server/http/endpoint";
import { startFailoverEndpoint } from "@/server/failover/failover.endpoints";

export const POST = handle(startFailoverEndpoint);
