"use client";

import { SectionTabs } from "@/components/ui/section-tabs";

/** History, Rules and (for admins) Channels: one section, three pages. */
export function AlertsTabs({ isAdmin }: { isAdmin: boolean }) {
  return (
    <SectionTabs
      label="Alerts"
      tabs={[{ href: "/alerts", label: "History" }, { href: "/alerts/rules", label: "Rules" }, ...(isAdmin ? [{ href: "/alerts/channels", label: "Channels" }] : [])]}
    />
  );
}
