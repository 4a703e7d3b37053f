import type { Metadata } from "next";
import { requirePrincipal } from "@/app/_lib/session";
import { PageHeader } from "@/components/ui/page-header";
import { GroupForm } from "@/components/groups/group-form";

export const metadata: Metadata = { title: "New group" };

export default async function NewGroupPage() {
  await requirePrincipal("ADMIN", "/groups/new");
  return (
    <>
      <PageHeader title="New group" parent={{ href: "/groups", label: "Groups" }} description="Servers that stand in for each other, the budget they must keep, and how Tandem fails over between them." />
      <GroupForm />
    </>
  );
}
