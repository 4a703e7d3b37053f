import type { Metadata } from "next";
import { requirePrincipal } from "@/app/_lib/session";
import { SettingsPage } from "@/components/settings/settings-page";
import { UsersPanel } from "@/components/settings/users-panel";

export const metadata: Metadata = { title: "Users" };

export default async function UsersPage() {
  const principal = await requirePrincipal("ADMIN", "/settings/users");
  return (
    <SettingsPage
      title="Users"
      description="Viewers can look, operators can act, admins also manage users and tokens. Users are disabled, never deleted, so the audit log keeps its names."
    >
      <UsersPanel currentUserId={principal.userId} />
    </SettingsPage>
  );
}
