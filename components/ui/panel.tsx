import type { ReactNode, Ref } from "react";

/**
 * A titled panel. Its children go in a `panel-body`, unless `bodyless`: then
 * they follow the header as they are (a form that is itself the body).
 */
export function Panel({ titleId, title, bodyless, ref, children }: { titleId: string; title: ReactNode; bodyless?: boolean; ref?: Ref<HTMLElement>; children: ReactNode }) {
  return (
    <section className="panel" aria-labelledby={titleId} ref={ref}>
      <div className="panel-header">
        <h2 id={titleId}>{title}</h2>
      </div>
      {bodyless ? children : <div className="panel-body">{children}</div>}
    </section>
  );
}
