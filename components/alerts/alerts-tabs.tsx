"use client";

import Link from "next/link";
import { usePathname } from "next/navigation";
import styles from "./alerts.module.css";

/** History, Rules and (for admins) Channels: one section, three pages. */
export function AlertsTabs({ isAdmin }: { isAdmin: boolean }) {
  const pathname = usePathname();
  const tabs = [
    { href: "/alerts", label: "History" },
    { href: "/alerts/rules", label: "Rules" },
    ...(isAdmin ? [{ href: "/alerts/channels", label: "Channels" }] : []),
  ];
  return (
    <nav aria-label="Alerts" className={styles.tabs}>
      <ul>
        {tabs.map((t) => (
          <li key={t.href}>
            <Link href={t.href} aria-current={pathname === t.href ? "page" : undefined}>
              {t.label}
            </Link>
          </li>
        ))}
      </ul>
    </nav>
  );
}
