/** `backHref` null: no way back makes sense (e.g. a suspended portal, whose home is the same page). */
export function ErrorPage(p: { title: string; text: string; backLabel: string; backHref?: string | null; reference?: string; referenceLabel?: string }) {
  return (
    <section class="error-page">
      <h1>{p.title}</h1>
      <p>{p.text}</p>
      {p.reference ? (
        <p class="muted">
          {p.referenceLabel}: <code>{p.reference}</code>
        </p>
      ) : null}
      {p.backHref === null ? null : (
        <a class="btn btn--secondary" href={p.backHref ?? '/'}>
          {p.backLabel}
        </a>
      )}
    </section>
  );
}
