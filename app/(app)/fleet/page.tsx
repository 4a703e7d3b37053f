import type { Metadata } from "next";
import { requirePrincipal } from "@/app/_lib/session";
import { hasRole } from "@/server/auth/roles";
import { FleetView } from "@/components/fleet/fleet-view";

export const metadata: Metadata = { title: "Fleet" };

export default async function FleetPage() {
  const principal = await requirePrincipal("VIEWER", "/fleet");
  return <FleetView isAdmin={hasRole(principal.role, "ADMIN")} />;
}
