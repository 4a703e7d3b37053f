import { defineEndpoint, ZNoContent } from "../../http/endpoint";
import { getLoadBalancer, listLoadBalancers } from "./list-load-balancers";
import { createLoadBalancer } from "./create-load-balancer";
import { updateLoadBalancer } from "./update-load-balancer";
import { deleteLoadBalancer } from "./delete-load-balancer";
import { ZCreateLoadBalancerRequest, ZLoadBalancer, ZLoadBalancerIdParams, ZLoadBalancerList, ZUpdateLoadBalancerRequest } from "./load-balancers.types";

export const listLoadBalancersEndpoint = defineEndpoint({
  method: "GET",
  path: "/api/v1/load-balancers",
  summary: "List load balancers with their host and the groups behind them",
  tag: "inventory",
  access: "ADMIN",
  response: ZLoadBalancerList,
  async handler({ rt }) {
    return { loadBalancers: await listLoadBalancers(rt.db) };
  },
});

export const createLoadBalancerEndpoint = defineEndpoint({
  method: "POST",
  path: "/api/v1/load-balancers",
  summary: "Create a load balancer: HAPROXY (runtime API address and backend) or COMMAND (commands run over SSH on a host)",
  tag: "inventory",
  access: "ADMIN",
  body: ZCreateLoadBalancerRequest,
  response: ZLoadBalancer,
  status: 201,
  async handler({ body, actor, rt }) {
    return createLoadBalancer(rt.db, actor, body);
  },
});

export const getLoadBalancerEndpoint = defineEndpoint({
  method: "GET",
  path: "/api/v1/load-balancers/{id}",
  summary: "One load balancer",
  tag: "inventory",
  access: "ADMIN",
  params: ZLoadBalancerIdParams,
  response: ZLoadBalancer,
  async handler({ params, rt }) {
    return getLoadBalancer(rt.db, params.id);
  },
});

export const updateLoadBalancerEndpoint = defineEndpoint({
  method: "PATCH",
  path: "/api/v1/load-balancers/{id}",
  summary: "Edit a load balancer; a kind change needs the new kind's fields",
  tag: "inventory",
  access: "ADMIN",
  params: ZLoadBalancerIdParams,
  body: ZUpdateLoadBalancerRequest,
  response: ZLoadBalancer,
  async handler({ params, body, actor, rt }) {
    return updateLoadBalancer(rt.db, actor, params.id, body);
  },
});

export const deleteLoadBalancerEndpoint = defineEndpoint({
  method: "DELETE",
  path: "/api/v1/load-balancers/{id}",
  summary: "Delete a load balancer; refused (409) while groups use it",
  tag: "inventory",
  access: "ADMIN",
  params: ZLoadBalancerIdParams,
  response: ZNoContent,
  status: 204,
  async handler({ params, actor, rt }) {
    await deleteLoadBalancer(rt.db, actor, params.id);
    return null;
  },
});
