import { handle } from "@/server/http/endpoint";
import { listOperationsEndpoint } from "@/server/failover/failover.endpoints";

export const GET = handle(listOperationsEndpoint);
