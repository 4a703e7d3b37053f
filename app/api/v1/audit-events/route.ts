import { handle } from "@/server/http/endpoint";
import { listAuditEventsEndpoint } from "@/server/audit/audit.endpoints";

export const GET = handle(listAuditEventsEndpoint);
