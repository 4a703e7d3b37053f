import { handle } from "@/server/http/endpoint";
import { abortOperationEndpoint } from "@/server/failover/failover.endpoints";

export const POST = handle(abortOperationEndpoint);
