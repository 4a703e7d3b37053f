import { handle } from "@/server/http/endpoint";
import { siteMatrixEndpoint } from "@/server/dr/dr.endpoints";

export const GET = handle(siteMatrixEndpoint);
