import { handle } from "@/server/http/endpoint";
import { createAlertRuleEndpoint, listAlertRulesEndpoint } from "@/server/alerts/alert-rules.endpoints";

export const GET = handle(listAlertRulesEndpoint);
export const POST = handle(createAlertRuleEndpoint);
