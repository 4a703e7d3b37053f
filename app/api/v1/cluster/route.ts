import { handle } from "@/server/http/endpoint";
import { getClusterEndpoint } from "@/server/cluster/cluster.endpoints";

export const GET = handle(getClusterEndpoint);
