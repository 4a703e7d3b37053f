import type { Db } from "../../db/client";
import { notFound } from "../../errors/app-error";
import { loadBalancerInclude, toLoadBalancerDto } from "./load-balancer-dto";
import type { TLoadBalancer } from "./load-balancers.types";

export async function listLoadBalancers(db: Db): Promise<TLoadBalancer[]> {
  const rows = await db.loadBalancer.findMany({ orderBy: { name: "asc" }, include: loadBalancerInclude });
  return rows.map(toLoadBalancerDto);
}

export async function getLoadBalancer(db: Db, id: string): Promise<TLoadBalancer> {
  const lb = await db.loadBalancer.findUnique({ where: { id }, include: loadBalancerInclude });
  if (!lb) throw notFound("Load balancer");
  return toLoadBalancerDto(lb);
}
