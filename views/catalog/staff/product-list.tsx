import type { CategoryNode } from '../../../src/catalog/categories.ts';
import type { StaffProductFilter, StaffProductRow } from '../../../src/catalog/staff/queries.ts';
import { catalogStaffMessages } from '../../../src/catalog/staff-messages.ts';
import type { Availability } from '../../../src/db/types.ts';
import type { Locale } from '../../../src/i18n/define.ts';
import { LinkButton } from '../../components/button.tsx';
import { FilterForm } from '../../components/filter-form.tsx';
import { Pagination } from '../../components/pagination.tsx';
import { EmptyState, Table } from '../../components/table.tsx';
import { CatalogTabs, PageHead, STAFF_CATALOG, categoryOptions } from './parts.tsx';

const BASE = `${STAFF_CATALOG}/products`;

export interface ProductListProps {
  locale: Locale;
  rows: StaffProductRow[];
  filter: StaffProductFilter;
  tree: CategoryNode[];
  money: (minor: number, currency: string) => string;
  firstHref: string | null;
  nextHref: string | null;
}

const AVAIL_CLASS: Record<Availability, string> = { in_stock: 'badge--done', backorder: 'badge--waiting', out_of_stock: 'badge--error' };

export function AvailabilityBadge(p: { locale: Locale; availability: Availability }) {
  const m = catalogStaffMessages[p.locale];
  return <span class={`badge ${AVAIL_CLASS[p.availability]}`}>{m[`availability_${p.availability}`]}</span>;
}

export function ProductStatus(p: { locale: Locale; active: boolean; hidden: boolean }) {
  const m = catalogStaffMessages[p.locale];
  return (
    <>
      {p.active ? null : <span class="badge badge--neutral">{m.status_inactive}</span>}
      {p.hidden ? <span class="badge badge--neutral">{m.status_hidden}</span> : null}
    </>
  );
}

export function ProductResults(p: ProductListProps) {
  const m = catalogStaffMessages[p.locale];
  const filtered = Boolean(p.filter.q || p.filter.categoryId || p.filter.status || p.filter.availability);
  return (
    <div id="product-results">
      <Table<StaffProductRow>
        caption={m.productsTitle}
        id="product-table"
        rows={p.rows}
        rowId={(r) => `product-${r.id}`}
        empty={
          filtered ? (
            <EmptyState title={m.emptyFiltered} text={m.emptyFilteredText} />
          ) : (
            <EmptyState title={m.emptyProducts} text={m.emptyProductsText} action={<LinkButton href={`${BASE}/new`}>{m.newProduct}</LinkButton>} />
          )
        }
        columns={[
          { header: m.colSku, cell: (r) => <a href={`${BASE}/${r.id}`} class="mono">{r.sku}</a> },
          {
            header: m.colName,
            cell: (r) => (
              <>
                <a href={`${BASE}/${r.id}`}>{r.name}</a> {r.parent_id ? <span class="badge badge--neutral">{m.variantBadge}</span> : null}{' '}
                <ProductStatus locale={p.locale} active={r.active} hidden={r.hidden} />
              </>
            ),
          },
          { header: m.colCategory, cell: (r) => r.category_name ?? m.none },
          { header: m.colPrice, numeric: true, cell: (r) => p.money(r.list_price, r.currency) },
          { header: m.colStock, numeric: true, cell: (r) => (r.variant_count ? `${r.stock_qty} + ${r.variant_stock}` : r.stock_qty) },
          { header: m.colAvailability, cell: (r) => <AvailabilityBadge locale={p.locale} availability={r.availability} /> },
          { header: m.colVariants, numeric: true, cell: (r) => r.variant_count || m.none },
        ]}
      />
      <Pagination label={m.productsTitle} firstHref={p.firstHref} nextHref={p.nextHref} firstLabel={m.first} nextLabel={m.next} />
    </div>
  );
}

export function ProductListPage(p: ProductListProps) {
  const m = catalogStaffMessages[p.locale];
  const f = p.filter;
  return (
    <section class="cat-admin">
      <CatalogTabs locale={p.locale} current="products" />
      <PageHead title={m.productsTitle}>
        <LinkButton href={`${BASE}/new`}>{m.newProduct}</LinkButton>
      </PageHead>
      <FilterForm action={BASE} target="#product-results" submitLabel={m.filter}>
        <div class="field">
          <label for="f-q">{m.filterQuery}</label>
          <input id="f-q" name="q" type="search" value={f.q ?? ''} maxlength={100} autocomplete="off" />
        </div>
        <div class="field">
          <label for="f-category">{m.filterCategory}</label>
          <select id="f-category" name="category">
            <option value="">{m.filterAll}</option>
            {categoryOptions(p.tree).map((o) => (
              <option value={o.value} selected={o.value === String(f.categoryId ?? '')}>
                {o.label}
              </option>
            ))}
          </select>
        </div>
        <div class="field">
          <label for="f-status">{m.filterStatus}</label>
          <select id="f-status" name="status">
            <option value="">{m.filterAll}</option>
            {(['active', 'inactive', 'hidden'] as const).map((s) => (
              <option value={s} selected={f.status === s}>
                {m[`status_${s}`]}
              </option>
            ))}
          </select>
        </div>
        <div class="field">
          <label for="f-availability">{m.filterAvailability}</label>
          <select id="f-availability" name="availability">
            <option value="">{m.filterAll}</option>
            {(['in_stock', 'backorder', 'out_of_stock'] as const).map((a) => (
              <option value={a} selected={f.availability === a}>
                {m[`availability_${a}`]}
              </option>
            ))}
          </select>
        </div>
      </FilterForm>
      <ProductResults {...p} />
    </section>
  );
}
