import type { Metadata } from "next";
import { requirePrincipal } from "@/app/_lib/session";
import { OperationsList } from "@/components/operations/operations-list";
import { PageHeader } from "@/components/ui/page-header";

export const metadata: Metadata = { title: "Operations" };

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export default async function OperationsPage({ searchParams }: { searchParams: Promise<{ groupId?: string | string[] }> }) {
  await requirePrincipal("VIEWER", "/operations");
  const { groupId } = await searchParams;
  const group = typeof groupId === "string" && UUID.test(groupId) ? groupId.toLowerCase() : undefined;
  return (
    <div className="page page-wide">
      <PageHeader title="Operations" description="Failovers, switchovers and drills: who started each one and why, every step it ran, and how it ended." />
      <OperationsList groupId={group} />
    </div>
  );
}
