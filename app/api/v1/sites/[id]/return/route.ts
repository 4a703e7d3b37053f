import { handle } from "@/server/http/endpoint";
import { startReturnEndpoint } from "@/server/dr/dr.endpoints";

export const POST = handle(startReturnEndpoint);
