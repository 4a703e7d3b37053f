import type { Metadata } from "next";
import { cache } from "react";
import { currentPrincipal, requirePrincipal } from "@/app/_lib/session";
import { getRuntime } from "@/server/runtime";
import { getGroup } from "@/server/groups/get-group";
import { isAppError } from "@/server/errors/app-error";
import { PageHeader } from "@/components/ui/page-header";
import { GroupDetail } from "@/components/groups/group-detail";

type Props = { params: Promise<{ id: string }> };

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The group's name, or null for an unknown id; live state comes from the client's polling. */
const loadGroup = cache(async (id: string) => {
  if (!UUID.test(id)) return null;
  try {
    return await getGroup(getRuntime().db, id.toLowerCase());
  } catch (e) {
    if (isAppError(e) && e.code === "NOT_FOUND") return null;
    throw e;
  }
});

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  if (!(await currentPrincipal())) return { title: "Group" };
  const group = await loadGroup((await params).id);
  return { title: group?.name ?? "Group not found" };
}

export default async function GroupPage({ params }: Props) {
  const { id } = await params;
  await requirePrincipal("VIEWER", `/groups/${encodeURIComponent(id)}`);
  const group = await loadGroup(id);
  if (!group) {
    return <PageHeader title="Group not found" parent={{ href: "/groups", label: "Groups" }} description="It may have been deleted." />;
  }
  return (
    <>
      <PageHeader title={group.name} parent={{ href: "/groups", label: "Groups" }} />
      <GroupDetail id={group.id} />
    </>
  );
}
