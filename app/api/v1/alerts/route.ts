import { handle } from "@/server/http/endpoint";
import { listAlertsEndpoint } from "@/server/alerts/alerts.endpoints";

export const GET = handle(listAlertsEndpoint);
