import type { Metadata } from "next";
import { requirePrincipal } from "@/app/_lib/session";
import { hasRole } from "@/server/auth/roles";
import { AlertsHistory } from "@/components/alerts/alerts-history";
import { AlertsTabs } from "@/components/alerts/alerts-tabs";
import { PageHeader } from "@/components/ui/page-header";

export const metadata: Metadata = { title: "Alerts" };

export default async function AlertsPage() {
  const principal = await requirePrincipal("VIEWER", "/alerts");
  return (
    <div className="page page-wide">
      <PageHeader title="Alerts" description="Every alert Tandem raised: what fired, who acknowledged it, and when it cleared." />
      <AlertsTabs isAdmin={hasRole(principal.role, "ADMIN")} />
      <AlertsHistory />
    </div>
  );
}
