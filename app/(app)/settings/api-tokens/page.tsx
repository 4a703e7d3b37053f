import type { Metadata } from "next";
import { requirePrincipal } from "@/app/_lib/session";
import { ApiTokensPanel } from "@/components/settings/api-tokens-panel";
import { SettingsPage } from "@/components/settings/settings-page";

export const metadata: Metadata = { title: "API tokens" };

export default async function ApiTokensPage() {
  const principal = await requirePrincipal("VIEWER", "/settings/api-tokens");
  const isAdmin = principal.role === "ADMIN";
  return (
    <SettingsPage
      title="API tokens"
      description={
        isAdmin
          ? "Tokens let scripts call the Tandem API with a role no higher than yours. As an admin you see everyone's tokens."
          : "Tokens let scripts call the Tandem API with a role no higher than yours."
      }
    >
      <ApiTokensPanel role={principal.role} isAdmin={isAdmin} />
    </SettingsPage>
  );
}
