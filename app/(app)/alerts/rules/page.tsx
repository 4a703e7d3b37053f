import type { Metadata } from "next";
import { requirePrincipal } from "@/app/_lib/session";
import { hasRole } from "@/server/auth/roles";
import { AlertsTabs } from "@/components/alerts/alerts-tabs";
import { RulesAdmin } from "@/components/alerts/rules-admin";
import { PageHeader } from "@/components/ui/page-header";

export const metadata: Metadata = { title: "Alert rules" };

export default async function AlertRulesPage() {
  const principal = await requirePrincipal("VIEWER", "/alerts/rules");
  const isAdmin = hasRole(principal.role, "ADMIN");
  return (
    <div className="page page-wide">
      <PageHeader title="Alert rules" parent={{ href: "/alerts", label: "Alerts" }} description="When Tandem raises an alert, how severe it is, and for which servers." />
      <AlertsTabs isAdmin={isAdmin} />
      <RulesAdmin isAdmin={isAdmin} />
    </div>
  );
}
