import type { Metadata } from "next";
import { requirePrincipal } from "@/app/_lib/session";
import { NotBuilt } from "@/components/ui/not-built";

export const metadata: Metadata = { title: "Fleet" };

export default async function FleetPage() {
  await requirePrincipal("VIEWER", "/fleet");
  return <NotBuilt title="Fleet" willDo="It will show every server's live health, checked over SSH, with its site and the redundancy groups it belongs to." />;
}
