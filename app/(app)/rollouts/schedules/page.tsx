import type { Metadata } from "next";
import { requirePrincipal } from "@/app/_lib/session";
import { hasRole } from "@/server/auth/roles";
import { PageHeader } from "@/components/ui/page-header";
import { RolloutSchedules } from "@/components/rollout-schedules/rollout-schedules";

export const metadata: Metadata = { title: "Rollout schedules" };

export default async function RolloutSchedulesPage() {
  const principal = await requirePrincipal("VIEWER", "/rollouts/schedules");
  return (
    <div className="page">
      <PageHeader
        title="Rollout schedules"
        parent={{ href: "/rollouts", label: "Rollouts" }}
        description="Patch rollouts that start on their own, on a recurrence in a time zone. Each run plans its batches against the fleet as it is then; a run that cannot start is recorded with why."
      />
      <RolloutSchedules canOperate={hasRole(principal.role, "OPERATOR")} />
    </div>
  );
}
