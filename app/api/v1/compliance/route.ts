import { handle } from "@/server/http/endpoint";
import { complianceEndpoint } from "@/server/rollouts/compliance.endpoints";

export const GET = handle(complianceEndpoint);
