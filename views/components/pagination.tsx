/** Keyset pagination: "newer" goes back to the first page, "older" follows the cursor. */
export function Pagination(p: { label: string; firstHref?: string | null; nextHref?: string | null; firstLabel: string; nextLabel: string }) {
  if (!p.firstHref && !p.nextHref) return null;
  return (
    <nav class="pagination" aria-label={p.label}>
      {p.firstHref ? (
        <a class="btn btn--secondary" href={p.firstHref} rel="prev">
          ← {p.firstLabel}
        </a>
      ) : (
        <span />
      )}
      {p.nextHref ? (
        <a class="btn btn--secondary" href={p.nextHref} rel="next">
          {p.nextLabel} →
        </a>
      ) : null}
    </nav>
  );
}
