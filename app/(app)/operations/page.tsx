import type { Metadata } from "next";
import { requirePrincipal } from "@/app/_lib/session";
import { NotBuilt } from "@/components/ui/not-built";

export const metadata: Metadata = { title: "Operations" };

export default async function OperationsPage() {
  await requirePrincipal("VIEWER", "/operations");
  return <NotBuilt title="Operations" willDo="It will run failovers, switchovers and drills step by step, and keep a record of every step you can follow live or replay later." />;
}
