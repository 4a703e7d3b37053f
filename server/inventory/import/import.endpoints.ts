import { inventoryChanged } from "../inventory-changed";
import { defineEndpoint } from "../../http/endpoint";
import { importServers } from "./import-servers";
import { ZImportRequest, ZImportResult } from "./import.types";

export const importServersEndpoint = defineEndpoint({
  method: "POST",
  path: "/api/v1/servers/import",
  summary: "Import servers from an Ansible inventory (INI or YAML); dryRun reports what would change",
  tag: "inventory",
  access: "ADMIN",
  body: ZImportRequest,
  response: ZImportResult,
  async handler({ body, actor, rt }) {
    const result = await importServers(rt.db, actor, body);
    if (!body.dryRun) inventoryChanged(rt);
    return result;
  },
});
