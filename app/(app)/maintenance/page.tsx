import type { Metadata } from "next";
import { requirePrincipal } from "@/app/_lib/session";
import { hasRole } from "@/server/auth/roles";
import { MaintenancePage } from "@/components/maintenance/maintenance-page";

export const metadata: Metadata = { title: "Maintenance" };

export default async function MaintenanceRoute() {
  const principal = await requirePrincipal("VIEWER", "/maintenance");
  return <MaintenancePage canOperate={hasRole(principal.role, "OPERATOR")} />;
}
