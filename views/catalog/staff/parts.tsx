import type { Child } from 'hono/jsx';
import type { CategoryNode } from '../../../src/catalog/categories.ts';
import { catalogStaffMessages } from '../../../src/catalog/staff-messages.ts';
import type { Locale } from '../../../src/i18n/define.ts';
import { Button } from '../../components/button.tsx';
import { TextAreaField, type TextAreaProps } from '../../components/form-field.tsx';

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

/** The catalog forms' textareas span the whole row. */
export const TextArea = (p: Omit<TextAreaProps, 'wide'>) => <TextAreaField {...p} wide />;

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

/** "← list" above an edit page. */
export function BackLink(p: { href: string; label: string }) {
  return (
    <p>
      <a href={p.href}>← {p.label}</a>
    </p>
  );
}

/** The delete panel of an edit page; a refused delete explains itself here (#delete-error). */
export function DeleteForm(p: { locale: Locale; action: string; id: string; title: string; hint: string; error?: string | undefined }) {
  return (
    <form method="post" action={p.action} class="panel" id={p.id}>
      <h2>{p.title}</h2>
      <p class="muted">{p.hint}</p>
      {p.error ? (
        <p class="field__error" role="alert" id="delete-error">
          {p.error}
        </p>
      ) : null}
      <Button variant="danger">{catalogStaffMessages[p.locale].delete}</Button>
    </form>
  );
}
