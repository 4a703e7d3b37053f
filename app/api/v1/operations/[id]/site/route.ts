import { handle } from "@/server/http/endpoint";
import { siteReportEndpoint } from "@/server/dr/dr.endpoints";

export const GET = handle(siteReportEndpoint);
