import type { Child } from 'hono/jsx';

/** One `<dt>/<dd>` pair of a facts list, left out when there is nothing to show. */
export function Fact(p: { label: string; value: Child; class?: string }) {
  if (p.value === null || p.value === undefined || p.value === '' || p.value === false) return null;
  return (
    <>
      <dt>{p.label}</dt>
      <dd class={p.class}>{p.value}</dd>
    </>
  );
}
