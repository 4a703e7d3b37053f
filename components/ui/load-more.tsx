"use client";

// The footer of a paged history table: how many rows are shown, and "Load more" while older ones exist.
type Pages = { hasNextPage: boolean; isFetchingNextPage: boolean; fetchNextPage: () => unknown };

export function LoadMoreFooter({ query, count, noun }: { query: Pages; count: number; noun: [singular: string, plural: string] }) {
  if (count === 0) return null;
  return (
    <div className="table-footer">
      <span>
        {count} {count === 1 ? noun[0] : noun[1]} shown
        {query.hasNextPage ? "" : ` · no older ${noun[1]}`}
      </span>
      {query.hasNextPage ? (
        <button type="button" className="btn" onClick={() => query.fetchNextPage()} disabled={query.isFetchingNextPage}>
          {query.isFetchingNextPage ? "Loading…" : "Load more"}
        </button>
      ) : null}
    </div>
  );
}
