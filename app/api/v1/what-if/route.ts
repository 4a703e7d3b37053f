import { handle } from "@/server/http/endpoint";
import { whatIfEndpoint } from "@/server/dr/dr.endpoints";

export const POST = handle(whatIfEndpoint);
