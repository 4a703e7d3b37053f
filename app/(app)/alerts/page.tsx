import type { Metadata } from "next";
import { requirePrincipal } from "@/app/_lib/session";
import { NotBuilt } from "@/components/ui/not-built";

export const metadata: Metadata = { title: "Alerts" };

export default async function AlertsPage() {
  await requirePrincipal("VIEWER", "/alerts");
  return <NotBuilt title="Alerts" willDo="It will raise alerts from health rules, let you acknowledge them, and send them to webhook notification channels." />;
}
