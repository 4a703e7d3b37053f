import { handle } from "@/server/http/endpoint";
import { planReturnEndpoint } from "@/server/dr/dr.endpoints";

export const POST = handle(planReturnEndpoint);
