import type { Metadata } from "next";
import { uuidOrNull } from "@/app/_lib/lookups";
import { requirePrincipal } from "@/app/_lib/session";
import { hasRole } from "@/server/auth/roles";
import { RolloutView } from "@/components/rollouts/rollout-view";
import { PageHeader } from "@/components/ui/page-header";

export const metadata: Metadata = { title: "Rollout" };

export default async function RolloutPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  const principal = await requirePrincipal("VIEWER", `/rollouts/${encodeURIComponent(id)}`);
  const uuid = uuidOrNull(id);
  if (!uuid) {
    return (
      <div className="page">
        <PageHeader title="Rollout not found" parent={{ href: "/rollouts", label: "Rollouts" }} description="Check the link, or find it in the list." />
      </div>
    );
  }
  return <RolloutView id={uuid} canOperate={hasRole(principal.role, "OPERATOR")} />;
}
