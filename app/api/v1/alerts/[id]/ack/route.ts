import { handle } from "@/server/http/endpoint";
import { ackAlertEndpoint } from "@/server/alerts/alerts.endpoints";

export const POST = handle(ackAlertEndpoint);
