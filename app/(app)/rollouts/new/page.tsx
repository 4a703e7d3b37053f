import type { Metadata } from "next";
import { requirePrincipal } from "@/app/_lib/session";
import { hasRole } from "@/server/auth/roles";
import { RolloutForm } from "@/components/rollouts/rollout-form";
import { PageHeader } from "@/components/ui/page-header";

export const metadata: Metadata = { title: "New rollout" };

export default async function NewRolloutPage() {
  const principal = await requirePrincipal("OPERATOR", "/rollouts/new");
  return (
    <div className="page page-wide">
      <PageHeader
        title="New rollout"
        parent={{ href: "/rollouts", label: "Rollouts" }}
        description="Pick what to patch and how fast; the plan on the side shows each batch and what it leaves each group before anything runs."
      />
      <RolloutForm isAdmin={hasRole(principal.role, "ADMIN")} />
    </div>
  );
}
