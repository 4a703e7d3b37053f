"use client";

import Link from "next/link";
import { usePathname } from "next/navigation";
import styles from "./section-tabs.module.css";

export type SectionTab = { href: string; label: string };

/** The pages of one section as tabs, the current one marked. */
export function SectionTabs({ label, tabs }: { label: string; tabs: SectionTab[] }) {
  const pathname = usePathname();
  return (
    <nav aria-label={label} className={styles.tabs}>
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
