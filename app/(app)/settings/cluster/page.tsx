import type { Metadata } from "next";
import { requirePrincipal } from "@/app/_lib/session";
import { ClusterPanel } from "@/components/settings/cluster/cluster-panel";
import { SettingsPage } from "@/components/settings/settings-page";

export const metadata: Metadata = { title: "Cluster" };

export default async function ClusterPage() {
  await requirePrincipal("VIEWER", "/settings/cluster");
  return (
    <SettingsPage
      title="Cluster"
      description="The Tandem processes sharing this database: which one leads, which servers each polls, and whether each is still heartbeating. Read-only; refreshed every 2 s."
    >
      <ClusterPanel />
    </SettingsPage>
  );
}
