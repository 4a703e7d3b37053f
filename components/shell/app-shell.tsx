"use client";

import Link from "next/link";
import { usePathname } from "next/navigation";
import { useEffect, useRef, useState, type ReactNode } from "react";
import type { TRole } from "@/components/api/types";
import { AlertsBell } from "@/components/alerts/alerts-bell";
import { BrandMark } from "./brand-mark";
import { navIcons } from "./nav-icons";
import { SignOutButton } from "./sign-out-button";
import { ThemeToggle } from "./theme-toggle";

type NavItem = { href: string; label: string; icon: ReactNode; adminOnly?: boolean };

const sections: { heading: string; items: NavItem[] }[] = [
  {
    heading: "Operate",
    items: [
      { href: "/fleet", label: "Fleet", icon: navIcons.fleet },
      { href: "/groups", label: "Groups", icon: navIcons.groups },
      { href: "/sites", label: "Sites", icon: navIcons.sites },
      { href: "/operations", label: "Operations", icon: navIcons.operations },
      { href: "/maintenance", label: "Maintenance", icon: navIcons.maintenance },
      { href: "/rollouts", label: "Rollouts", icon: navIcons.rollouts },
      { href: "/compliance", label: "Compliance", icon: navIcons.compliance },
      { href: "/alerts", label: "Alerts", icon: navIcons.alerts },
    ],
  },
  {
    heading: "Administer",
    items: [
      { href: "/audit", label: "Audit", icon: navIcons.audit },
      { href: "/simulator", label: "Simulator", icon: navIcons.simulator, adminOnly: true },
      { href: "/settings", label: "Settings", icon: navIcons.settings },
    ],
  },
];

function isCurrent(pathname: string, href: string): boolean {
  return pathname === href || pathname.startsWith(`${href}/`);
}

function UserChip({ name, role }: { name: string; role: TRole }) {
  return (
    <div className="user-chip">
      <span className="user-name" title={name}>
        {name}
      </span>
      <span className="badge badge-accent" title="Your role">
        {role}
      </span>
    </div>
  );
}

export function AppShell({ user, children }: { user: { name: string; role: TRole }; children: ReactNode }) {
  const pathname = usePathname();
  const [menuOpen, setMenuOpen] = useState(false);
  const menuButton = useRef<HTMLButtonElement>(null);

  // Following a link (or going back) closes the phone menu.
  const [menuPath, setMenuPath] = useState(pathname);
  if (menuPath !== pathname) {
    setMenuPath(pathname);
    setMenuOpen(false);
  }

  // Escape closes the menu and hands focus back to its button.
  useEffect(() => {
    if (!menuOpen) return;
    const onKey = (e: KeyboardEvent) => {
      if (e.key !== "Escape") return;
      setMenuOpen(false);
      menuButton.current?.focus();
    };
    document.addEventListener("keydown", onKey);
    return () => document.removeEventListener("keydown", onKey);
  }, [menuOpen]);

  return (
    <>
      <a href="#main" className="skip-link">
        Skip to content
      </a>
      <div className="shell">
        <header className="topbar">
          <button
            ref={menuButton}
            type="button"
            className="btn btn-ghost menu-button"
            aria-expanded={menuOpen}
            aria-controls="main-nav"
            onClick={() => setMenuOpen((o) => !o)}
          >
            {menuOpen ? navIcons.close : navIcons.menu}
            <span className="menu-label">Menu</span>
          </button>
          <Link href="/fleet" className="brand">
            <BrandMark />
            <span>Tandem</span>
          </Link>
          <div className="topbar-spacer" />
          <AlertsBell />
          <UserChip name={user.name} role={user.role} />
          <ThemeToggle />
          <SignOutButton />
        </header>
        <nav id="main-nav" aria-label="Main" className="sidebar" data-open={menuOpen}>
          <div className="sidebar-inner">
            {sections.map((section) => (
              <div className="nav-section" key={section.heading}>
                <p className="nav-heading" aria-hidden="true">
                  {section.heading}
                </p>
                <ul className="nav-list">
                  {section.items.filter((item) => !item.adminOnly || user.role === "ADMIN").map((item) => (
                    <li key={item.href}>
                      <Link href={item.href} className="nav-link" aria-current={isCurrent(pathname, item.href) ? "page" : undefined}>
                        {item.icon}
                        <span>{item.label}</span>
                      </Link>
                    </li>
                  ))}
                </ul>
              </div>
            ))}
          </div>
        </nav>
        <main id="main" className="main" tabIndex={-1}>
          {children}
        </main>
      </div>
    </>
  );
}
