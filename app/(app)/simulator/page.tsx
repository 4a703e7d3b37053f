import type { Metadata } from "next";
import { requirePrincipal } from "@/app/_lib/session";
import { SimulatorPanel } from "@/components/simulator/simulator-panel";

export const metadata: Metadata = { title: "Simulator" };

export default async function SimulatorPage() {
  await requirePrincipal("ADMIN", "/simulator");
  return <SimulatorPanel />;
}
