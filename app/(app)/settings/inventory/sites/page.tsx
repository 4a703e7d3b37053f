import type { Metadata } from "next";
import { requirePrincipal } from "@/app/_lib/session";
import { InventoryPage } from "@/components/inventory/inventory-page";
import { SitesPanel } from "@/components/inventory/sites-panel";

export const metadata: Metadata = { title: "Sites · Inventory" };

export default async function InventorySitesPage() {
  await requirePrincipal("ADMIN", "/settings/inventory/sites");
  return (
    <InventoryPage description="Sites are datacenters, regions or zones: disaster recovery is reasoned about per site.">
      <SitesPanel />
    </InventoryPage>
  );
}
