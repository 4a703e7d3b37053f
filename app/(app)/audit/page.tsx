import type { Metadata } from "next";
import { requirePrincipal } from "@/app/_lib/session";
import { AuditLog } from "@/components/audit/audit-log";
import { PageHeader } from "@/components/ui/page-header";

export const metadata: Metadata = { title: "Audit log" };

export default async function AuditPage() {
  await requirePrincipal("OPERATOR", "/audit");
  return (
    <div className="page">
      <PageHeader title="Audit log" description="Every sign-in and change: who made it, when, and from where." />
      <AuditLog />
    </div>
  );
}
