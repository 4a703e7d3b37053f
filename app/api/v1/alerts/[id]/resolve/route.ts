import { handle } from "@/server/http/endpoint";
import { resolveAlertEndpoint } from "@/server/alerts/alerts.endpoints";

export const POST = handle(resolveAlertEndpoint);
