"use client";

import Link from "next/link";
import { usePathname } from "next/navigation";
import styles from "./inventory.module.css";

const tabs = [
  { href: "/settings/inventory", label: "Servers" },
  { href: "/settings/inventory/sites", label: "Sites" },
  { href: "/settings/inventory/credentials", label: "Credentials" },
  { href: "/settings/inventory/import", label: "Import" },
];

export function InventoryTabs() {
  const pathname = usePathname();
  return (
    <nav aria-label="Inventory" className={styles.tabs}>
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
