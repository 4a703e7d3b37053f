import { handle } from "@/server/http/endpoint";
import { serverHistoryEndpoint } from "@/server/history/history.endpoints";

export const GET = handle(serverHistoryEndpoint);
