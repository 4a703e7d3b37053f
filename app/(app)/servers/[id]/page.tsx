import type { Metadata } from "next";
import { cache } from "react";
import { currentPrincipal, requirePrincipal } from "@/app/_lib/session";
import { getRuntime } from "@/server/runtime";
import { getServer } from "@/server/inventory/servers/get-server";
import { isAppError } from "@/server/errors/app-error";
import { ZAgentSample } from "@/server/agent/agent-sample.types";
import { ServerView } from "@/components/server/server-view";
import { ServerNotFound } from "@/components/server/server-not-found";

type Props = { params: Promise<{ id: string }> };

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The server's inventory row, or null for an unknown id; one database read per request. */
const loadServer = cache(async (id: string) => {
  if (!UUID.test(id)) return null;
  try {
    return await getServer(getRuntime().db, id.toLowerCase());
  } catch (e) {
    if (isAppError(e) && e.code === "NOT_FOUND") return null;
    throw e;
  }
});

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  // Server names are for signed-in eyes only (metadata may be sent before the page's own check).
  if (!(await currentPrincipal())) return { title: "Server" };
  const server = await loadServer((await params).id);
  return { title: server?.name ?? "Server not found" };
}

export default async function ServerPage({ params }: Props) {
  const { id } = await params;
  await requirePrincipal("VIEWER", `/servers/${encodeURIComponent(id)}`);
  const server = await loadServer(id);
  if (!server) return <ServerNotFound />;
  const { lastSample, ...facts } = server;
  // The last sample the database kept: shown until the live one arrives (and for a disabled server, instead of it).
  const parsed = ZAgentSample.safeParse(lastSample);
  return <ServerView server={facts} initialSample={parsed.success ? parsed.data : null} />;
}
