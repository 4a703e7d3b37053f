import { handle } from "@/server/http/endpoint";
import { createSiteEndpoint, listSitesEndpoint } from "@/server/inventory/sites/sites.endpoints";

export const GET = handle(listSitesEndpoint);
export const POST = handle(createSiteEndpoint);
