export function ErrorPage(p: { title: string; text: string; backLabel: string; reference?: string; referenceLabel?: string }) {
  return (
    <section class="error-page">
      <h1>{p.title}</h1>
      <p>{p.text}</p>
      {p.reference ? (
        <p class="muted">
          {p.referenceLabel}: <code>{p.reference}</code>
        </p>
      ) : null}
      <a class="btn btn--secondary" href="/">
        {p.backLabel}
      </a>
    </section>
  );
}
