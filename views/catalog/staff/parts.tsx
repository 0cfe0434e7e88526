import type { Child } from 'hono/jsx';
import type { CategoryNode } from '../../../src/catalog/categories.ts';
import { catalogStaffMessages } from '../../../src/catalog/staff-messages.ts';
import type { Locale } from '../../../src/i18n/define.ts';

export const STAFF_CATALOG = '/staff/catalog';

/** Section tabs shared by every staff catalog page. */
export function CatalogTabs(p: { locale: Locale; current: 'products' | 'categories' | 'attributes' | 'custom-fields' }) {
  const m = catalogStaffMessages[p.locale];
  const tabs = [
    { key: 'products', href: `${STAFF_CATALOG}/products`, label: m.tabProducts },
    { key: 'categories', href: `${STAFF_CATALOG}/categories`, label: m.tabCategories },
    { key: 'attributes', href: `${STAFF_CATALOG}/attributes`, label: m.tabAttributes },
    { key: 'custom-fields', href: `${STAFF_CATALOG}/custom-fields`, label: m.tabCustomFields },
  ] as const;
  return (
    <nav class="cat-tabs" aria-label={m.tabsLabel}>
      {tabs.map((t) => (
        <a href={t.href} aria-current={t.key === p.current ? 'page' : undefined}>
          {t.label}
        </a>
      ))}
    </nav>
  );
}

export function TextArea(p: { name: string; label: string; value: string; error?: string | undefined; rows?: number; maxlength?: number; hint?: string }) {
  const id = `f-${p.name}`;
  const describedBy = [p.hint ? `${id}-hint` : '', p.error ? `${id}-error` : ''].filter(Boolean).join(' ') || undefined;
  return (
    <div class={`field field--wide${p.error ? ' field--error' : ''}`} id={`${id}-field`}>
      <label for={id}>{p.label}</label>
      <textarea id={id} name={p.name} rows={p.rows ?? 3} maxlength={p.maxlength} aria-invalid={p.error ? 'true' : undefined} aria-describedby={describedBy}>
        {p.value}
      </textarea>
      {p.hint ? (
        <p class="field__hint" id={`${id}-hint`}>
          {p.hint}
        </p>
      ) : null}
      {p.error ? (
        <p class="field__error" id={`${id}-error`} role="alert">
          {p.error}
        </p>
      ) : null}
    </div>
  );
}

/** A checkbox that posts "1" when ticked. */
export function CheckField(p: { name: string; label: string; checked: boolean; error?: string | undefined }) {
  const id = `f-${p.name}`;
  return (
    <div class={`field field--check${p.error ? ' field--error' : ''}`} id={`${id}-field`}>
      <label class="check" for={id}>
        <input type="checkbox" id={id} name={p.name} value="1" checked={p.checked} /> {p.label}
      </label>
      {p.error ? (
        <p class="field__error" id={`${id}-error`} role="alert">
          {p.error}
        </p>
      ) : null}
    </div>
  );
}

/** Categories as indented options, root first (for parent and category selects). */
export function categoryOptions(tree: CategoryNode[], skip?: Set<number>): Array<{ value: string; label: string }> {
  const out: Array<{ value: string; label: string }> = [];
  const walk = (nodes: CategoryNode[]) => {
    for (const n of nodes) {
      if (skip?.has(n.id)) continue;
      out.push({ value: String(n.id), label: `${'\u00a0\u00a0\u00a0'.repeat(n.depth)}${n.depth ? '└ ' : ''}${n.name}` });
      walk(n.children);
    }
  };
  walk(tree);
  return out;
}

export function PageHead(p: { title: string; children?: Child }) {
  return (
    <div class="page-head">
      <h1>{p.title}</h1>
      {p.children ?? null}
    </div>
  );
}
