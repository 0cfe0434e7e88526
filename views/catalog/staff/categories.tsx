import type { Category, CategoryNode } from '../../../src/catalog/categories.ts';
import { catalogStaffMessages } from '../../../src/catalog/staff-messages.ts';
import type { Locale } from '../../../src/i18n/define.ts';
import { Button } from '../../components/button.tsx';
import { CheckField, FormField, SelectField } from '../../components/form-field.tsx';
import { EmptyState } from '../../components/table.tsx';
import { BackLink, CatalogTabs, DeleteForm, PageHead, STAFF_CATALOG, TextArea, categoryOptions } from './parts.tsx';

type Errors = Record<string, string | undefined>;
const BASE = `${STAFF_CATALOG}/categories`;

export interface CategoryTreeProps {
  locale: Locale;
  tree: CategoryNode[];
  /** Products directly in each category. */
  counts: Map<number, number>;
  /** The "new category" form after a failed submit. */
  form: { values: Record<string, string>; errors: Errors };
}

function subtreeCount(n: CategoryNode, counts: Map<number, number>): number {
  return (counts.get(n.id) ?? 0) + n.children.reduce((s, c) => s + subtreeCount(c, counts), 0);
}

function StepButton(p: { id: number; direction: 'up' | 'down'; label: string; disabled: boolean }) {
  return (
    <form method="post" action={`${BASE}/${p.id}/order`} class="inline">
      <input type="hidden" name="direction" value={p.direction} />
      <button type="submit" class="btn btn--secondary btn--small" aria-label={p.label} title={p.label} disabled={p.disabled}>
        {p.direction === 'up' ? '↑' : '↓'}
      </button>
    </form>
  );
}

function TreeLevel(p: { locale: Locale; nodes: CategoryNode[]; counts: Map<number, number> }) {
  const m = catalogStaffMessages[p.locale];
  return (
    <ul class="cat-tree">
      {p.nodes.map((n, i) => {
        const own = p.counts.get(n.id) ?? 0;
        return (
          <li id={`category-${n.id}`}>
            <div class={`cat-tree__row${n.active ? '' : ' cat-tree__row--inactive'}`}>
              <span class="cat-tree__name">
                <a href={`${BASE}/${n.id}`}>{n.name}</a> <span class="mono muted">/{n.slug}</span>
                {n.active ? null : <span class="badge badge--neutral">{m.categoryInactive}</span>}
              </span>
              <span class="cat-tree__count muted" data-testid="count">
                {m.productsCount(own, subtreeCount(n, p.counts))}
              </span>
              <span class="cat-tree__actions">
                <StepButton id={n.id} direction="up" label={`${m.moveUp}: ${n.name}`} disabled={i === 0} />
                <StepButton id={n.id} direction="down" label={`${m.moveDown}: ${n.name}`} disabled={i === p.nodes.length - 1} />
                <a class="btn btn--secondary btn--small" href={`${BASE}/${n.id}`}>
                  {m.edit}
                </a>
              </span>
            </div>
            {n.children.length ? <TreeLevel locale={p.locale} nodes={n.children} counts={p.counts} /> : null}
          </li>
        );
      })}
    </ul>
  );
}

export function CategoryTreePage(p: CategoryTreeProps) {
  const m = catalogStaffMessages[p.locale];
  const v = p.form.values;
  const e = p.form.errors;
  return (
    <section class="cat-admin">
      <CatalogTabs locale={p.locale} current="categories" />
      <PageHead title={m.categoriesTitle} />
      <p class="muted">{m.categoriesIntro}</p>
      <div class="cat-split">
        <div class="panel" id="category-tree">
          {p.tree.length ? <TreeLevel locale={p.locale} nodes={p.tree} counts={p.counts} /> : <EmptyState title={m.emptyCategories} text={m.emptyCategoriesText} />}
        </div>
        <form method="post" action={BASE} class="panel" id="new-category" novalidate>
          <h2>{m.newCategory}</h2>
          <FormField name="name" label={m.categoryName} value={v.name} error={e.name} required maxlength={200} />
          <FormField name="slug" label={m.categorySlug} value={v.slug} error={e.slug} hint={m.categorySlugHint} maxlength={80} pattern="[a-z0-9]+(-[a-z0-9]+)*" />
          <SelectField name="parent_id" label={m.categoryParent} value={v.parent_id ?? ''} error={e.parent_id} options={[{ value: '', label: m.categoryTop }, ...categoryOptions(p.tree)]} />
          <TextArea name="description" label={m.categoryDescription} value={v.description ?? ''} error={e.description} maxlength={2000} />
          <Button>{m.createCategory}</Button>
        </form>
      </div>
    </section>
  );
}

export interface CategoryEditProps {
  locale: Locale;
  category: Category;
  tree: CategoryNode[];
  /** The category and its descendants: not offered as new parents. */
  inside: Set<number>;
  productCount: number;
  edit: { values: Record<string, string>; errors: Errors };
  moveError?: string;
  /** The parent chosen in a refused move (kept selected beside the error). */
  moveTo?: string;
  deleteError?: string;
}

export function CategoryEditPage(p: CategoryEditProps) {
  const m = catalogStaffMessages[p.locale];
  const v = p.edit.values;
  const e = p.edit.errors;
  const c = p.category;
  return (
    <section class="cat-admin">
      <CatalogTabs locale={p.locale} current="categories" />
      <BackLink href={BASE} label={m.categoriesTitle} />
      <PageHead title={m.editCategory(c.name)} />
      <p class="muted">{m.productsCount(p.productCount, p.productCount)}</p>
      <div class="cat-split">
        <form method="post" action={`${BASE}/${c.id}`} class="panel" id="category-form" novalidate>
          <FormField name="name" label={m.categoryName} value={v.name} error={e.name} required maxlength={200} />
          <FormField name="slug" label={m.categorySlug} value={v.slug} error={e.slug} required maxlength={80} hint={m.categorySlugHint} />
          <TextArea name="description" label={m.categoryDescription} value={v.description ?? ''} error={e.description} maxlength={2000} />
          <CheckField name="active" label={m.categoryActive} checked={v.active === '1'} />
          <Button>{m.save}</Button>
        </form>
        <div>
          <form method="post" action={`${BASE}/${c.id}/move`} class="panel" id="category-move">
            <h2>{m.moveTitle}</h2>
            <p class="muted">{m.moveHint}</p>
            <SelectField
              name="parent_id"
              label={m.categoryParent}
              value={p.moveTo ?? (c.parent_id === null ? '' : String(c.parent_id))}
              error={p.moveError}
              options={[{ value: '', label: m.categoryTop }, ...categoryOptions(p.tree, p.inside)]}
            />
            <Button variant="secondary">{m.move}</Button>
          </form>
          <DeleteForm locale={p.locale} action={`${BASE}/${c.id}/delete`} id="category-delete" title={m.deleteCategory} hint={m.deleteCategoryHint} error={p.deleteError} />
        </div>
      </div>
    </section>
  );
}
