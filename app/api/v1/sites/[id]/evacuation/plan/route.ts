import { handle } from "@/server/http/endpoint";
import { planEvacuationEndpoint } from "@/server/dr/dr.endpoints";

export const POST = handle(planEvacuationEndpoint);
