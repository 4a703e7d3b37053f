import type { Metadata } from "next";
import { requirePrincipal } from "@/app/_lib/session";
import { PageHeader } from "@/components/ui/page-header";
import { InventoryTabs } from "@/components/inventory/inventory-tabs";
import { ServersPanel } from "@/components/inventory/servers-panel";

export const metadata: Metadata = { title: "Servers · Inventory" };

export default async function InventoryServersPage() {
  await requirePrincipal("ADMIN", "/settings/inventory");
  return (
    <div className="page">
      <PageHeader
        title="Inventory"
        parent={{ href: "/settings", label: "Settings" }}
        description="The servers Tandem watches, where they are, and how it logs in to them."
      />
      <InventoryTabs />
      <ServersPanel />
    </div>
  );
}
