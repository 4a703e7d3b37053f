import { handle } from "@/server/http/endpoint";
import { getDrillEndpoint } from "@/server/drills/drills.endpoints";

export const GET = handle(getDrillEndpoint);
