import type { Metadata } from "next";
import { requirePrincipal } from "@/app/_lib/session";
import { PageHeader } from "@/components/ui/page-header";
import { InventoryTabs } from "@/components/inventory/inventory-tabs";
import { CredentialsPanel } from "@/components/inventory/credentials-panel";

export const metadata: Metadata = { title: "Credentials · Inventory" };

export default async function InventoryCredentialsPage() {
  await requirePrincipal("ADMIN", "/settings/inventory/credentials");
  return (
    <div className="page">
      <PageHeader
        title="Inventory"
        parent={{ href: "/settings", label: "Settings" }}
        description="SSH logins for your servers. Secrets are encrypted at rest and never leave Tandem's server: not even admins can read them back."
      />
      <InventoryTabs />
      <CredentialsPanel />
    </div>
  );
}
