import { handle } from "@/server/http/endpoint";
import { getDependenciesEndpoint, setDependenciesEndpoint } from "@/server/dr/dr.endpoints";

export const GET = handle(getDependenciesEndpoint);
export const PUT = handle(setDependenciesEndpoint);
