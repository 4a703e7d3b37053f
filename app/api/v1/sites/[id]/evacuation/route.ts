import { handle } from "@/server/http/endpoint";
import { startEvacuationEndpoint } from "@/server/dr/dr.endpoints";

export const POST = handle(startEvacuationEndpoint);
