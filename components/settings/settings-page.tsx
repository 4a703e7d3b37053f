import type { ReactNode } from "react";
import { PageHeader } from "@/components/ui/page-header";

const SETTINGS = { href: "/settings", label: "Settings" };

/** A page under Settings, its header leading back there. */
export function SettingsPage({ title, description, className = "page", children }: { title: string; description?: ReactNode; className?: string; children: ReactNode }) {
  return (
    <div className={className}>
      <PageHeader title={title} parent={SETTINGS} description={description} />
      {children}
    </div>
  );
}
