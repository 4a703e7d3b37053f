import type { Metadata } from "next";
import { requirePrincipal } from "@/app/_lib/session";
import { NotBuilt } from "@/components/ui/not-built";

export const metadata: Metadata = { title: "Maintenance" };

export default async function MaintenancePage() {
  await requirePrincipal("VIEWER", "/maintenance");
  return <NotBuilt title="Maintenance" willDo="It will schedule one-off and recurring maintenance windows that can drain servers, hold back failover and quiet alerts while they last." />;
}
