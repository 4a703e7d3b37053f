import type { Metadata } from "next";
import { requirePrincipal } from "@/app/_lib/session";
import { InventoryPage } from "@/components/inventory/inventory-page";
import { LoadBalancersPanel } from "@/components/inventory/load-balancers-panel";

export const metadata: Metadata = { title: "Load balancers · Inventory" };

export default async function InventoryLoadBalancersPage() {
  await requirePrincipal("ADMIN", "/settings/inventory/load-balancers");
  return (
    <InventoryPage description="The balancers Tandem moves traffic with during failovers, drains and rollouts: HAProxy through its runtime API, or any balancer through commands run over SSH on its host.">
      <LoadBalancersPanel />
    </InventoryPage>
  );
}
