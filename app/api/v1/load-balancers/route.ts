import { handle } from "@/server/http/endpoint";
import { createLoadBalancerEndpoint, listLoadBalancersEndpoint } from "@/server/inventory/load-balancers/load-balancers.endpoints";

export const GET = handle(listLoadBalancersEndpoint);
export const POST = handle(createLoadBalancerEndpoint);
