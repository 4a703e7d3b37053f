import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { currentPrincipal, requirePrincipal } from "@/app/_lib/session";
import { loadOperation } from "@/app/_lib/lookups";
import { hasRole } from "@/server/auth/roles";
import { PageHeader } from "@/components/ui/page-header";
import { OperationView } from "@/components/operations/operation-view";
import { SiteOperationView } from "@/components/sites/site-operation-view";
import { isSiteKind } from "@/components/sites/types";

type Props = { params: Promise<{ id: string }> };

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
  // A rollout's hosts and batches have their own page.
  if (op.kind === "ROLLOUT") redirect(`/rollouts/${op.id}`);
  // An evacuation, return or site drill reads by its groups, stage by stage.
  if (isSiteKind(op.kind)) return <SiteOperationView id={op.id} initial={op} canOperate={hasRole(principal.role, "OPERATOR")} />;
  return <OperationView id={op.id} initial={op} canOperate={hasRole(principal.role, "OPERATOR")} />;
}
