import type { Metadata } from "next";
import { cache } from "react";
import { currentPrincipal, requirePrincipal } from "@/app/_lib/session";
import { getRuntime } from "@/server/runtime";
import { getOperation } from "@/server/operations/get-operation";
import { hasRole } from "@/server/auth/roles";
import { PageHeader } from "@/components/ui/page-header";
import { OperationView } from "@/components/operations/operation-view";

type Props = { params: Promise<{ id: string }> };

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The operation as it stands now; the room keeps it current from there. */
const loadOperation = cache(async (id: string) => (UUID.test(id) ? getOperation(getRuntime().db, id.toLowerCase()) : null));

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  if (!(await currentPrincipal())) return { title: "Operation" };
  const op = await loadOperation((await params).id);
  return { title: op ? `Operation ${op.kind.toLowerCase()}` : "Operation not found" };
}

export default async function OperationPage({ params }: Props) {
  const { id } = await params;
  const principal = await requirePrincipal("VIEWER", `/operations/${encodeURIComponent(id)}`);
  const op = await loadOperation(id);
  if (!op) {
    return (
      <div className="page">
        <PageHeader title="Operation not found" parent={{ href: "/operations", label: "Operations" }} description="Check the link, or find it in the list." />
      </div>
    );
  }
  return <OperationView id={op.id} initial={op} canOperate={hasRole(principal.role, "OPERATOR")} />;
}
