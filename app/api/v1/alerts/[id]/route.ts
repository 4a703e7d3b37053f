import { handle } from "@/server/http/endpoint";
import { getAlertEndpoint } from "@/server/alerts/alerts.endpoints";

export const GET = handle(getAlertEndpoint);
