import type { Metadata } from "next";
import { requirePrincipal } from "@/app/_lib/session";
import { InventoryPage } from "@/components/inventory/inventory-page";
import { ImportPanel } from "@/components/inventory/import-panel";

export const metadata: Metadata = { title: "Import · Inventory" };

export default async function InventoryImportPage() {
  await requirePrincipal("ADMIN", "/settings/inventory/import");
  return (
    <InventoryPage description="Add servers from an Ansible inventory, INI or YAML. Preview first; nothing changes until you apply.">
      <ImportPanel />
    </InventoryPage>
  );
}
