import { handle } from "@/server/http/endpoint";
import { resumeOperationEndpoint } from "@/server/failover/failover.endpoints";

export const POST = handle(resumeOperationEndpoint);
