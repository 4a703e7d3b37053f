import type { Metadata } from "next";
import { requirePrincipal } from "@/app/_lib/session";
import { AlertsTabs } from "@/components/alerts/alerts-tabs";
import { ChannelsAdmin } from "@/components/alerts/channels-admin";
import { PageHeader } from "@/components/ui/page-header";

export const metadata: Metadata = { title: "Notification channels" };

export default async function NotificationChannelsPage() {
  await requirePrincipal("ADMIN", "/alerts/channels");
  return (
    <div className="page page-wide">
      <PageHeader title="Notification channels" parent={{ href: "/alerts", label: "Alerts" }} description="Where Tandem tells people when an alert fires, escalates or clears: webhooks, PagerDuty, email and Microsoft Teams." />
      <AlertsTabs isAdmin />
      <ChannelsAdmin />
    </div>
  );
}
