import Link from "next/link";
import { PageHeader } from "@/components/ui/page-header";

/** An unknown server id. Rendered by the page itself: notFound() in a dynamic route makes Next.js send an error shell rendered in the browser (vercel/next.js#62228), which skips the theme script. */
export function ServerNotFound() {
  return (
    <div className="page page-narrow">
      <PageHeader title="Server not found" parent={{ href: "/fleet", label: "Fleet" }} />
      <section className="panel not-built" aria-label="Why there is nothing to show">
        <p>There is no server with this id. It may have been removed from the inventory, or the link is mistyped.</p>
        <p>
          <Link href="/fleet" className="btn btn-primary">
            Back to Fleet
          </Link>
        </p>
      </section>
    </div>
  );
}
