import { ZCommandLbCommands } from "../../loadbalancer/command-lb";
import type { TLoadBalancer, TLoadBalancerKind } from "./load-balancers.types";

export const loadBalancerInclude = {
  server: { select: { id: true, name: true } },
  groups: { select: { id: true, name: true }, orderBy: { name: "asc" } },
} as const;

type LoadBalancerRow = {
  id: string;
  name: string;
  kind: TLoadBalancerKind;
  address: string | null;
  backend: string | null;
  server: { id: string; name: string } | null;
  config: unknown;
  groups: { id: string; name: string }[];
  createdAt: Date;
  updatedAt: Date;
};

export function toLoadBalancerDto(lb: LoadBalancerRow): TLoadBalancer {
  const commands = lb.kind === "COMMAND" ? ZCommandLbCommands.safeParse(lb.config) : null;
  return {
    id: lb.id,
    name: lb.name,
    kind: lb.kind,
    address: lb.address,
    backend: lb.backend,
    host: lb.server,
    commands: commands?.success ? commands.data : null,
    groups: lb.groups,
    createdAt: lb.createdAt.toISOString(),
    updatedAt: lb.updatedAt.toISOString(),
  };
}
