import { handle } from "@/server/http/endpoint";
import { deleteLoadBalancerEndpoint, getLoadBalancerEndpoint, updateLoadBalancerEndpoint } from "@/server/inventory/load-balancers/load-balancers.endpoints";

export const GET = handle(getLoadBalancerEndpoint);
export const PATCH = handle(updateLoadBalancerEndpoint);
export const DELETE = handle(deleteLoadBalancerEndpoint);
