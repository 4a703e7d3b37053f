import { handle } from "@/server/http/endpoint";
import { rejoinMemberEndpoint } from "@/server/failover/failover.endpoints";

export const POST = handle(rejoinMemberEndpoint);
