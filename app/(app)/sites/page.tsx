import type { Metadata } from "next";
import { requirePrincipal } from "@/app/_lib/session";
import { SitesView } from "@/components/sites/sites-view";
import { PageHeader } from "@/components/ui/page-header";

export const metadata: Metadata = { title: "Sites" };

export default async function SitesPage() {
  await requirePrincipal("VIEWER", "/sites");
  return (
    <div className="page page-wide">
      <PageHeader title="Sites" description="Where each group's primary, standbys and pool members live, and what a site's loss would do. Open a site to plan, evacuate, return or drill it." />
      <SitesView />
    </div>
  );
}
