import type { Runtime } from "../runtime";
import { defineEndpoint, ZNoContent } from "../http/endpoint";
import { createAlertRule, deleteAlertRule, listAlertRules, updateAlertRule } from "./alert-rules";
import { ZAlertIdParams, ZAlertRule, ZAlertRuleList, ZCreateAlertRuleRequest, ZUpdateAlertRuleRequest } from "./alerts.types";

/** The manager re-reads rules every 30 s anyway; an edit takes effect at once. */
const reload = async (rt: Runtime) => rt.services.alerts?.reloadRules();

export const listAlertRulesEndpoint = defineEndpoint({
  method: "GET",
  path: "/api/v1/alert-rules",
  summary: "Alert rules: the built-in ones first, then those admins added",
  tag: "alerts",
  access: "VIEWER",
  response: ZAlertRuleList,
  handler: async ({ rt }) => ({ rules: await listAlertRules(rt.db) }),
});

export const createAlertRuleEndpoint = defineEndpoint({
  method: "POST",
  path: "/api/v1/alert-rules",
  summary: "Add a rule; a rule scoped to sites, tags, groups or servers replaces the unscoped rules of its source there",
  tag: "alerts",
  access: "ADMIN",
  body: ZCreateAlertRuleRequest,
  response: ZAlertRule,
  status: 201,
  async handler({ body, actor, rt }) {
    const r = await createAlertRule(rt.db, actor, body);
    await reload(rt);
    return r;
  },
});

export const updateAlertRuleEndpoint = defineEndpoint({
  method: "PATCH",
  path: "/api/v1/alert-rules/{id}",
  summary: "Change a rule's threshold, hold, severity, scope, name or enabled state",
  tag: "alerts",
  access: "ADMIN",
  params: ZAlertIdParams,
  body: ZUpdateAlertRuleRequest,
  response: ZAlertRule,
  async handler({ params, body, actor, rt }) {
    const r = await updateAlertRule(rt.db, actor, params.id, body);
    await reload(rt);
    return r;
  },
});

export const deleteAlertRuleEndpoint = defineEndpoint({
  method: "DELETE",
  path: "/api/v1/alert-rules/{id}",
  summary: "Delete a rule admins added; built-in rules answer 409 (disable them instead)",
  tag: "alerts",
  access: "ADMIN",
  params: ZAlertIdParams,
  response: ZNoContent,
  status: 204,
  async handler({ params, actor, rt }) {
    await deleteAlertRule(rt.db, actor, params.id);
    await reload(rt);
    return null;
  },
});
