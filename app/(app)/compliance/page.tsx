import type { Metadata } from "next";
import { requirePrincipal } from "@/app/_lib/session";
import { CompliancePage } from "@/components/compliance/compliance-page";

export const metadata: Metadata = { title: "Compliance" };

export default async function ComplianceRoute() {
  await requirePrincipal("VIEWER", "/compliance");
  return <CompliancePage />;
}
