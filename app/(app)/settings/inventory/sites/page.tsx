import type { Metadata } from "next";
import { requirePrincipal } from "@/app/_lib/session";
import { PageHeader } from "@/components/ui/page-header";
import { InventoryTabs } from "@/components/inventory/inventory-tabs";
import { SitesPanel } from "@/components/inventory/sites-panel";

export const metadata: Metadata = { title: "Sites · Inventory" };

export default async function InventorySitesPage() {
  await requirePrincipal("ADMIN", "/settings/inventory/sites");
  return (
    <div className="page">
      <PageHeader title="Inventory" parent={{ href: "/settings", label: "Settings" }} description="Sites are datacenters, regions or zones: disaster recovery is reasoned about per site." />
      <InventoryTabs />
      <SitesPanel />
    </div>
  );
}
