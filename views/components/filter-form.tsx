import type { Child } from 'hono/jsx';
import { Button } from './button.tsx';

/**
 * A list page's filter form: a plain GET form (works without JavaScript via the noscript button)
 * that htmx submits while typing or on change, swapping the results block and updating the URL.
 * htmx 4: `input` bubbles from the fields to the form, so no `from:` selector is needed.
 */
export function FilterForm(p: { action: string; target: string; submitLabel: string; children: Child }) {
  return (
    <form
      method="get"
      action={p.action}
      class="filters"
      role="search"
      hx-get={p.action}
      hx-target={p.target}
      hx-swap="outerHTML"
      hx-trigger="change, input delay:300ms"
      hx-push-url="true"
    >
      {p.children}
      <noscript>
        <Button variant="secondary">{p.submitLabel}</Button>
      </noscript>
    </form>
  );
}
