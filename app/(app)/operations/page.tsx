import { uuidOrNull } from "@/app/_lib/lookups";
import type { Metadata } from "next";
import { requirePrincipal } from "@/app/_lib/session";
import { OperationsList } from "@/components/operations/operations-list";
import { PageHeader } from "@/components/ui/page-header";

export const metadata: Metadata = { title: "Operations" };

export default async function OperationsPage({ searchParams }: { searchParams: Promise<{ groupId?: string | string[] }> }) {
  await requirePrincipal("VIEWER", "/operations");
  const { groupId } = await searchParams;
  const group = uuidOrNull(groupId) ?? undefined;
  return (
    <div className="page page-wide">
      <PageHeader title="Operations" description="Failovers, switchovers and drills: who started each one and why, every step it ran, and how it ended." />
      <OperationsList groupId={group} />
    </div>
  );
}
