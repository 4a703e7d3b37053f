import type { Metadata } from "next";
import { requirePrincipal } from "@/app/_lib/session";
import { InventoryPage } from "@/components/inventory/inventory-page";
import { FenceDevicesPanel } from "@/components/inventory/fence-devices-panel";

export const metadata: Metadata = { title: "Fence devices · Inventory" };

export default async function InventoryFenceDevicesPage() {
  await requirePrincipal("ADMIN", "/settings/inventory/fence-devices");
  return (
    <InventoryPage description="What powers a failed primary off from outside (a hypervisor, a BMC, a cloud API), so it cannot serve again after a failover. Commands run over SSH on a fencing server that is never one of the targets.">
      <FenceDevicesPanel />
    </InventoryPage>
  );
}
