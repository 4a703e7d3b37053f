import { defineEndpoint } from "../http/endpoint";
import { getCompliance } from "./compliance";
import { ZComplianceQuery, ZComplianceReport } from "./rollouts.types";

export const complianceEndpoint = defineEndpoint({
  method: "GET",
  path: "/api/v1/compliance",
  summary:
    "Patch compliance of every enabled server from its latest agent sample: pending and security updates, reboot required, running and installed kernel, last patched; filtered by site, group, tag and status, worst first unless sorted otherwise, with a summary of the servers listed",
  tag: "rollouts",
  access: "VIEWER",
  query: ZComplianceQuery,
  response: ZComplianceReport,
  handler: ({ query, rt }) => getCompliance(rt.db, query, (id) => rt.services.monitoring?.engine.hosts.get(id)?.lastSample?.sample),
});
