import type { Metadata } from "next";
import Link from "next/link";
import { requirePrincipal } from "@/app/_lib/session";
import { hasRole } from "@/server/auth/roles";
import { PageHeader } from "@/components/ui/page-header";

export const metadata: Metadata = { title: "Settings" };

export default async function SettingsPage() {
  const principal = await requirePrincipal("VIEWER", "/settings");
  const links = [
    { href: "/settings/account", label: "Account", text: "Your name, email and role; change your password." },
    { href: "/settings/api-tokens", label: "API tokens", text: "Tokens for scripts and automation to call the Tandem API." },
    { href: "/settings/cluster", label: "Cluster", text: "The Tandem nodes: the leader, each node's heartbeat and the servers it polls." },
    ...(hasRole(principal.role, "ADMIN") ? [{ href: "/settings/users", label: "Users", text: "Add people, set their roles, disable accounts and reset passwords." }] : []),
    ...(hasRole(principal.role, "ADMIN") ? [{ href: "/settings/inventory", label: "Inventory", text: "Servers, sites and SSH credentials; import from an Ansible inventory." }] : []),
  ];
  return (
    <div className="page page-narrow">
      <PageHeader title="Settings" />
      <nav className="panel" aria-label="Settings">
        <ul className="link-list">
          {links.map((l) => (
            <li key={l.href}>
              <Link href={l.href}>
                <strong>{l.label}</strong>
                <span>{l.text}</span>
              </Link>
            </li>
          ))}
        </ul>
      </nav>
    </div>
  );
}
