import { handle } from "@/server/http/endpoint";
import { startSiteDrillEndpoint } from "@/server/dr/dr.endpoints";

export const POST = handle(startSiteDrillEndpoint);
