import type { Metadata } from "next";
import { requirePrincipal } from "@/app/_lib/session";
import { PageHeader } from "@/components/ui/page-header";
import { InventoryTabs } from "@/components/inventory/inventory-tabs";
import { ImportPanel } from "@/components/inventory/import-panel";

export const metadata: Metadata = { title: "Import · Inventory" };

export default async function InventoryImportPage() {
  await requirePrincipal("ADMIN", "/settings/inventory/import");
  return (
    <div className="page">
      <PageHeader title="Inventory" parent={{ href: "/settings", label: "Settings" }} description="Add servers from an Ansible inventory, INI or YAML. Preview first; nothing changes until you apply." />
      <InventoryTabs />
      <ImportPanel />
    </div>
  );
}
