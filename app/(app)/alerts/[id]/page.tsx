import type { Metadata } from "next";
import { uuidOrNull } from "@/app/_lib/lookups";
import { requirePrincipal } from "@/app/_lib/session";
import { hasRole } from "@/server/auth/roles";
import { AlertDetail } from "@/components/alerts/alert-detail";
import { PageHeader } from "@/components/ui/page-header";

export const metadata: Metadata = { title: "Alert" };

type Props = { params: Promise<{ id: string }> };

export default async function AlertPage({ params }: Props) {
  const { id } = await params;
  const principal = await requirePrincipal("VIEWER", `/alerts/${encodeURIComponent(id)}`);
  const uuid = uuidOrNull(id);
  if (!uuid) {
    return (
      <div className="page">
        <PageHeader title="Alert not found" parent={{ href: "/alerts", label: "Alerts" }} description="Check the link, or find it in the list." />
      </div>
    );
  }
  // Fetched in the browser: the page refreshes as the alert changes live.
  return <AlertDetail id={uuid} canOperate={hasRole(principal.role, "OPERATOR")} />;
}
