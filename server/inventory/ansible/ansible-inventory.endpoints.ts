import { defineEndpoint } from "../../http/endpoint";
import { ZAnsibleInventory, ZAnsibleInventoryQuery } from "./ansible-inventory.types";
import { getAnsibleHostVars, getAnsibleInventory } from "./get-ansible-inventory";

export const ansibleInventoryEndpoint = defineEndpoint({
  method: "GET",
  path: "/api/v1/inventory/ansible",
  summary: "The fleet as an Ansible dynamic inventory (sites, groups, roles and tags as Ansible groups; no secrets)",
  tag: "inventory",
  access: "VIEWER",
  query: ZAnsibleInventoryQuery,
  response: ZAnsibleInventory,
  handler: ({ rt, query }) => (query.host === undefined ? getAnsibleInventory(rt.db) : getAnsibleHostVars(rt.db, query.host)),
});
