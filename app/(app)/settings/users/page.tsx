import type { Metadata } from "next";
import { requirePrincipal } from "@/app/_lib/session";
import { UsersPanel } from "@/components/settings/users-panel";
import { PageHeader } from "@/components/ui/page-header";

export const metadata: Metadata = { title: "Users" };

export default async function UsersPage() {
  const principal = await requirePrincipal("ADMIN", "/settings/users");
  return (
    <div className="page">
      <PageHeader
        title="Users"
        parent={{ href: "/settings", label: "Settings" }}
        description="Viewers can look, operators can act, admins also manage users and tokens. Users are disabled, never deleted, so the audit log keeps its names."
      />
      <UsersPanel currentUserId={principal.userId} />
    </div>
  );
}
