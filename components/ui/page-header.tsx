import Link from "next/link";
import type { ReactNode } from "react";

export function PageHeader({
  title,
  description,
  parent,
  actions,
}: {
  title: string;
  description?: ReactNode;
  /** A breadcrumb back to the section this page belongs to. */
  parent?: { href: string; label: string };
  actions?: ReactNode;
}) {
  return (
    <div className="page-header">
      <div>
        {parent ? (
          <p className="breadcrumb">
            <Link href={parent.href}>{parent.label}</Link>
            <span className="muted" aria-hidden="true">
              {" "}
              /
            </span>
          </p>
        ) : null}
        <h1>{title}</h1>
        {description ? <p>{description}</p> : null}
      </div>
      {actions}
    </div>
  );
}
