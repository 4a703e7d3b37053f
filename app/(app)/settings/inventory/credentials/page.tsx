import type { Metadata } from "next";
import { requirePrincipal } from "@/app/_lib/session";
import { InventoryPage } from "@/components/inventory/inventory-page";
import { CredentialsPanel } from "@/components/inventory/credentials-panel";

export const metadata: Metadata = { title: "Credentials · Inventory" };

export default async function InventoryCredentialsPage() {
  await requirePrincipal("ADMIN", "/settings/inventory/credentials");
  return (
    <InventoryPage description="SSH logins for your servers. Secrets are encrypted at rest and never leave Tandem's server: not even admins can read them back.">
      <CredentialsPanel />
    </InventoryPage>
  );
}
