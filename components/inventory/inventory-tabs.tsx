"use client";

import { SectionTabs } from "@/components/ui/section-tabs";

const tabs = [
  { href: "/settings/inventory", label: "Servers" },
  { href: "/settings/inventory/sites", label: "Sites" },
  { href: "/settings/inventory/credentials", label: "Credentials" },
  { href: "/settings/inventory/fence-devices", label: "Fence devices" },
  { href: "/settings/inventory/load-balancers", label: "Load balancers" },
  { href: "/settings/inventory/import", label: "Import" },
];

export function InventoryTabs() {
  return <SectionTabs label="Inventory" tabs={tabs} />;
}
