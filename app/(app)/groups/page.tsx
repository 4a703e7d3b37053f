import type { Metadata } from "next";
import { requirePrincipal } from "@/app/_lib/session";
import { NotBuilt } from "@/components/ui/not-built";

export const metadata: Metadata = { title: "Groups" };

export default async function GroupsPage() {
  await requirePrincipal("VIEWER", "/groups");
  return <NotBuilt title="Groups" willDo="It will define redundancy groups: which servers stand in for each other, how many must stay healthy, and when to fail over." />;
}
