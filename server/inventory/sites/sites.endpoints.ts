import { inventoryChanged } from "../inventory-changed";
import { defineEndpoint, ZNoContent } from "../../http/endpoint";
import { listSites } from "./list-sites";
import { createSite } from "./create-site";
import { updateSite } from "./update-site";
import { deleteSite } from "./delete-site";
import { ZCreateSiteRequest, ZSite, ZSiteIdParams, ZSiteList, ZUpdateSiteRequest } from "./sites.types";

export const listSitesEndpoint = defineEndpoint({
  method: "GET",
  path: "/api/v1/sites",
  summary: "List sites with the number of servers at each",
  tag: "inventory",
  access: "VIEWER",
  response: ZSiteList,
  async handler({ rt }) {
    return { sites: await listSites(rt.db) };
  },
});

export const createSiteEndpoint = defineEndpoint({
  method: "POST",
  path: "/api/v1/sites",
  summary: "Create a site",
  tag: "inventory",
  access: "ADMIN",
  body: ZCreateSiteRequest,
  response: ZSite,
  status: 201,
  async handler({ body, actor, rt }) {
    return createSite(rt.db, actor, body);
  },
});

export const updateSiteEndpoint = defineEndpoint({
  method: "PATCH",
  path: "/api/v1/sites/{id}",
  summary: "Rename a site or change its description",
  tag: "inventory",
  access: "ADMIN",
  params: ZSiteIdParams,
  body: ZUpdateSiteRequest,
  response: ZSite,
  async handler({ params, body, actor, rt }) {
    const site = await updateSite(rt.db, actor, params.id, body);
    inventoryChanged(rt); // the fleet view groups by site name
    return site;
  },
});

export const deleteSiteEndpoint = defineEndpoint({
  method: "DELETE",
  path: "/api/v1/sites/{id}",
  summary: "Delete a site; refused (409) while servers are located there",
  tag: "inventory",
  access: "ADMIN",
  params: ZSiteIdParams,
  response: ZNoContent,
  status: 204,
  async handler({ params, actor, rt }) {
    await deleteSite(rt.db, actor, params.id);
    return null;
  },
});
