import { handle } from "@/server/http/endpoint";
import { listSiteOperationsEndpoint } from "@/server/dr/dr.endpoints";

export const GET = handle(listSiteOperationsEndpoint);
