import type { Metadata } from "next";
import { requirePrincipal } from "@/app/_lib/session";
import { InventoryPage } from "@/components/inventory/inventory-page";
import { ServersPanel } from "@/components/inventory/servers-panel";

export const metadata: Metadata = { title: "Servers · Inventory" };

export default async function InventoryServersPage() {
  await requirePrincipal("ADMIN", "/settings/inventory");
  return (
    <InventoryPage description="The servers Tandem watches, where they are, and how it logs in to them.">
      <ServersPanel />
    </InventoryPage>
  );
}
