import type { ReactNode } from "react";
import { SettingsPage } from "@/components/settings/settings-page";
import { InventoryTabs } from "./inventory-tabs";

/** One tab of the Inventory settings page. */
export function InventoryPage({ description, children }: { description: string; children: ReactNode }) {
  return (
    <SettingsPage title="Inventory" description={description}>
      <InventoryTabs />
      {children}
    </SettingsPage>
  );
}
