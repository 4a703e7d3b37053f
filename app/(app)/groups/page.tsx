import type { Metadata } from "next";
import { requirePrincipal } from "@/app/_lib/session";
import { PageHeader } from "@/components/ui/page-header";
import { GroupsList } from "@/components/groups/groups-list";

export const metadata: Metadata = { title: "Groups" };

export default async function GroupsPage() {
  await requirePrincipal("VIEWER", "/groups");
  return (
    <>
      <PageHeader title="Groups" description="Servers that stand in for each other: how many must stay in service, and whether another site can take over." />
      <GroupsList />
    </>
  );
}
