import { PageHeader } from "./page-header";

/** A page whose feature is planned but not in this version: says so, shows no data. */
export function NotBuilt({ title, willDo }: { title: string; willDo: string }) {
  return (
    <div className="page">
      <PageHeader title={title} />
      <section className="panel not-built" aria-label={`About ${title}`}>
        <p>
          <span className="badge badge-warning">Not built yet</span>
        </p>
        <p>{title} is not built yet in this version of Tandem.</p>
        <p className="muted">{willDo}</p>
      </section>
    </div>
  );
}
