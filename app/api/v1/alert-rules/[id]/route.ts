import { handle } from "@/server/http/endpoint";
import { deleteAlertRuleEndpoint, updateAlertRuleEndpoint } from "@/server/alerts/alert-rules.endpoints";

export const PATCH = handle(updateAlertRuleEndpoint);
export const DELETE = handle(deleteAlertRuleEndpoint);
