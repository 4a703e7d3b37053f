import type { Metadata } from "next";
import { uuidOrNull } from "@/app/_lib/lookups";
import { requirePrincipal } from "@/app/_lib/session";
import { hasRole } from "@/server/auth/roles";
import { WindowDetail } from "@/components/maintenance/window-detail";
import { PageHeader } from "@/components/ui/page-header";

export const metadata: Metadata = { title: "Maintenance window" };

type Props = { params: Promise<{ id: string }> };

export default async function MaintenanceWindowPage({ params }: Props) {
  const { id } = await params;
  const principal = await requirePrincipal("VIEWER", `/maintenance/${encodeURIComponent(id)}`);
  const uuid = uuidOrNull(id);
  if (!uuid) {
    return (
      <div className="page">
        <PageHeader title="Window not found" parent={{ href: "/maintenance", label: "Maintenance" }} description="Check the link, or find it on the calendar." />
      </div>
    );
  }
  // Fetched in the browser: the page follows the window as it starts and ends.
  return <WindowDetail id={uuid} canOperate={hasRole(principal.role, "OPERATOR")} />;
}
