import { handle } from "@/server/http/endpoint";
import { deleteSiteEndpoint, updateSiteEndpoint } from "@/server/inventory/sites/sites.endpoints";

export const PATCH = handle(updateSiteEndpoint);
export const DELETE = handle(deleteSiteEndpoint);
