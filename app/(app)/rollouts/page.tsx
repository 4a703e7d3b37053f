import type { Metadata } from "next";
import Link from "next/link";
import { requirePrincipal } from "@/app/_lib/session";
import { hasRole } from "@/server/auth/roles";
import { RolloutsList } from "@/components/rollouts/rollouts-list";
import { PageHeader } from "@/components/ui/page-header";

export const metadata: Metadata = { title: "Rollouts" };

export default async function RolloutsPage() {
  const principal = await requirePrincipal("VIEWER", "/rollouts");
  return (
    <div className="page page-wide">
      <PageHeader
        title="Rollouts"
        description="Patches applied in batches that keep every redundancy group at or above its minimum, stopping when a batch spends its failure budget."
        actions={
          <div className="form-actions">
            <Link href="/rollouts/schedules" className="btn">
              Schedules
            </Link>
            {hasRole(principal.role, "OPERATOR") ? (
              <Link href="/rollouts/new" className="btn btn-primary">
                New rollout
              </Link>
            ) : null}
          </div>
        }
      />
      <RolloutsList />
    </div>
  );
}
