import type { Category } from '../../src/catalog/categories.ts';
import type { CatalogMessages } from '../../src/catalog/messages.ts';
import { CATALOG_PATH, hasFilters, searchHref, type SearchParams } from '../../src/catalog/params.ts';
import type { Facets, FacetValue, ProductHit } from '../../src/catalog/search.ts';
import { deliveryEstimate } from '../../src/catalog/product-page.ts';
import type { CatalogPrice } from '../../src/catalog/dealer-prices.ts';
import { conversionNote, discountLabel, type DisplayLocale } from '../../src/pricing/display.ts';
import { cartMessages } from '../../src/carts/messages.ts';
import { AddToCart } from '../carts/add-to-cart.tsx';

type Money = (minor: number, currency: string) => string;
export type Prices = Map<number, CatalogPrice>;

/**
 * The dealer's price of one product (PRC-1…PRC-5), wherever the catalog shows one: unit net
 * (strong) and gross in the dealer's currency; the list price struck through with the discount
 * when lower; the campaign's name as a badge; the rate and rate day when converted; or the list
 * price with "price on request" when a rate is missing.
 */
export function PriceTag(p: { t: CatalogMessages; locale: DisplayLocale; price: CatalogPrice | undefined; money: Money }) {
  const { t, price, money } = p;
  if (!price) return null;
  if (price.kind === 'list') {
    return (
      <span class="price-tag" data-testid="price-tag">
        <strong class="price-tag__net num">{money(price.net, price.currency)}</strong>
        <span class="price-tag__gross">
          {money(price.gross, price.currency)} {t.gross}
        </span>
        {price.rateMissing ? <span class="price-tag__note">{t.rateMissing}</span> : null}
      </span>
    );
  }
  const discount = discountLabel(price.listNet, price.net, p.locale);
  const conversion = conversionNote(price.resolved, money, p.locale);
  const campaign = price.resolved.breakdown.campaign;
  return (
    <span class="price-tag" data-testid="price-tag">
      <span class="price-tag__main">
        {discount ? (
          <>
            <s class="price-tag__was" title={t.listPriceWas}>
              {money(price.listNet, price.currency)}
            </s>{' '}
            <span class="badge badge--discount">{discount}</span>{' '}
          </>
        ) : null}
        <strong class="price-tag__net num">{money(price.net, price.currency)}</strong>
      </span>
      <span class="price-tag__gross">
        {money(price.gross, price.currency)} {t.gross}
      </span>
      {campaign ? (
        <span class="badge badge--campaign" data-testid="campaign-badge">
          {campaign.name}
        </span>
      ) : null}
      {conversion ? (
        <span class="price-tag__rate" data-testid="rate-note">
          {t.rateNote}: {conversion}
        </span>
      ) : null}
    </span>
  );
}

const AVAILABILITY_BADGE = { in_stock: 'badge--done', backorder: 'badge--waiting', out_of_stock: 'badge--error' } as const;

export function AvailabilityBadge(p: { t: CatalogMessages; availability: ProductHit['availability'] }) {
  return <span class={`badge ${AVAILABILITY_BADGE[p.availability]}`}>{p.t[`availability_${p.availability}`]}</span>;
}

/** The delivery estimate of the product page (one rule: deliveryEstimate), as a range of days. */
export function deliveryRange(t: CatalogMessages, h: Pick<ProductHit, 'availability' | 'order_type' | 'lead_time_days' | 'backorder_extra_days'>): string {
  const e = deliveryEstimate(h);
  return e.orderable ? t.days(e.from, e.to) : '—';
}

export function ResultsTable(p: { t: CatalogMessages; locale: DisplayLocale; items: ProductHit[]; prices: Prices; money: Money; canOrder?: boolean; back?: string }) {
  const { t } = p;
  return (
    <div class="table-wrap">
      <table class="table catalog-results" data-testid="catalog-results">
        <thead>
          <tr>
            <th scope="col">{t.colSku}</th>
            <th scope="col">{t.colName}</th>
            <th scope="col" class="col-brand">
              {t.colBrand}
            </th>
            <th scope="col" class="num">
              {t.colPrice}
            </th>
            <th scope="col">{t.colStock}</th>
            <th scope="col">{t.colDelivery}</th>
            {p.canOrder ? (
              <th scope="col" class="col-order">
                <span class="visually-hidden">{cartMessages[p.locale].addToCart}</span>
              </th>
            ) : null}
          </tr>
        </thead>
        <tbody>
          {p.items.map((h) => (
            <tr>
              <td>
                <code>{h.sku}</code>
              </td>
              <td>
                <a href={`${CATALOG_PATH}/products/${h.id}`}>{h.name}</a>
              </td>
              <td class="col-brand">{h.brand}</td>
              <td class="num price-cell">
                <PriceTag t={t} locale={p.locale} price={p.prices.get(h.id)} money={p.money} />
              </td>
              <td>
                <AvailabilityBadge t={t} availability={h.availability} />
              </td>
              <td>{deliveryRange(t, h)}</td>
              {p.canOrder ? (
                <td class="col-order">
                  <AddToCart locale={p.locale} productId={h.id} min={h.min_order_qty} sku={h.sku} back={p.back} />
                </td>
              ) : null}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function CheckboxGroup(p: { legend: string; name: string; values: FacetValue[]; chosen: string[]; label?: (v: string) => string }) {
  if (!p.values.length) return null;
  return (
    <fieldset class="field">
      <legend>{p.legend}</legend>
      {p.values.map((v) => (
        <label class="facet">
          <input type="checkbox" name={p.name} value={v.value} checked={p.chosen.includes(v.value)} /> {p.label ? p.label(v.value) : v.value}{' '}
          <span class="count">{v.count}</span>
        </label>
      ))}
    </fieldset>
  );
}

/**
 * Facets as a plain GET form: every choice is a URL query parameter, so a filtered view can be
 * bookmarked and works without JavaScript.
 */
export function FacetForm(p: { t: CatalogMessages; params: SearchParams; facets: Facets; categoryPath: Category[]; priceCurrency?: string }) {
  const { t, params, facets } = p;
  const f = params.filters;
  return (
    <form method="get" action={`${CATALOG_PATH}/search`} class="stack catalog-facets" aria-label={t.filters}>
      {params.q ? <input type="hidden" name="q" value={params.q} /> : null}
      {params.categoryId ? <input type="hidden" name="category" value={String(params.categoryId)} /> : null}
      <nav aria-label={t.categories}>
        <h2>{t.categories}</h2>
        <ul>
          <li>
            <a href={searchHref(params, { categoryId: null, page: 1 })}>{t.allCategories}</a>
          </li>
          {p.categoryPath.map((c) => (
            <li>
              <a href={searchHref(params, { categoryId: c.id, page: 1 })} aria-current={c.id === params.categoryId ? 'page' : undefined}>
                {c.name}
              </a>
            </li>
          ))}
          {facets.categories.map((c) => (
            <li>
              <a href={searchHref(params, { categoryId: c.id, page: 1 })}>
                {c.name} <span class="count">{c.count}</span>
              </a>
            </li>
          ))}
        </ul>
      </nav>
      <CheckboxGroup legend={t.availability} name="availability" values={facets.availability} chosen={f.availability ?? []} label={(v) => t[`availability_${v as 'in_stock'}`]} />
      <CheckboxGroup legend={t.delivery} name="delivery" values={facets.delivery} chosen={f.delivery ?? []} label={(v) => t[`delivery_${v as 'upto2'}`]} />
      <CheckboxGroup legend={t.brand} name="brand" values={facets.brands} chosen={f.brands ?? []} />
      <CheckboxGroup legend={t.country} name="country" values={facets.countries} chosen={f.countries ?? []} />
      {facets.attributes.map((a) => (
        <CheckboxGroup
          legend={a.unit ? `${a.name} (${a.unit})` : a.name}
          name={`a.${a.code}`}
          values={a.values}
          chosen={f.attributes?.[a.code] ?? []}
          label={(v) => (a.unit ? `${v} ${a.unit}` : v)}
        />
      ))}
      {facets.price ? (
        <fieldset class="field">
          <legend>{p.priceCurrency ? t.priceCurrency(p.priceCurrency) : t.price}</legend>
          <label>
            {t.priceMin}{' '}
            <input type="number" name="min" min="0" step="any" inputmode="decimal" value={f.priceMin !== undefined ? String(f.priceMin / 100) : ''} placeholder={String(Math.floor(facets.price.min / 100))} />
          </label>
          <label>
            {t.priceMax}{' '}
            <input type="number" name="max" min="0" step="any" inputmode="decimal" value={f.priceMax !== undefined ? String(f.priceMax / 100) : ''} placeholder={String(Math.ceil(facets.price.max / 100))} />
          </label>
        </fieldset>
      ) : null}
      <button type="submit" class="btn btn--secondary">
        {t.applyFilters}
      </button>
      {hasFilters(f) ? <a href={searchHref({ ...params, filters: {}, page: 1 })}>{t.clearFilters}</a> : null}
    </form>
  );
}

export function PageLinks(p: { t: CatalogMessages; params: SearchParams; total: number; pageSize: number }) {
  const pages = Math.max(1, Math.ceil(p.total / p.pageSize));
  if (pages <= 1) return null;
  const { page } = p.params;
  return (
    <nav class="pagination" aria-label={p.t.pagination}>
      {page > 1 ? (
        <a class="btn btn--secondary" rel="prev" href={searchHref(p.params, { page: page - 1 })}>
          ← {p.t.previous}
        </a>
      ) : (
        <span />
      )}
      <span>{p.t.page(page, pages)}</span>
      {page < pages ? (
        <a class="btn btn--secondary" rel="next" href={searchHref(p.params, { page: page + 1 })}>
          {p.t.next} →
        </a>
      ) : (
        <span />
      )}
    </nav>
  );
}

/** Results with their facets: the full search page's body and the fragment htmx swaps. */
export function SearchResults(p: {
  t: CatalogMessages;
  locale: DisplayLocale;
  params: SearchParams;
  items: ProductHit[];
  prices: Prices;
  /** The currency of the price facet (the dealer's), when known. */
  priceCurrency?: string;
  total: number;
  facets: Facets;
  categoryPath: Category[];
  pageSize: number;
  money: Money;
  /** ORD-1: dealer users with orders.place (and staff acting for a dealer) get "add to cart" per row. */
  canOrder?: boolean;
}) {
  const { t } = p;
  return (
    <div id="catalog-results" class="catalog-results shell shell--nav">
      <FacetForm t={t} params={p.params} facets={p.facets} categoryPath={p.categoryPath} priceCurrency={p.priceCurrency} />
      <section aria-labelledby="catalog-results-title">
        <h2 id="catalog-results-title">{t.results(p.total)}</h2>
        {p.items.length ? (
          <>
            <ResultsTable t={t} locale={p.locale} items={p.items} prices={p.prices} money={p.money} canOrder={p.canOrder} back={searchHref(p.params, {})} />
            <PageLinks t={t} params={p.params} total={p.total} pageSize={p.pageSize} />
          </>
        ) : (
          <div class="empty">
            <p class="empty__title">{t.noResults}</p>
            <p class="empty__text">{t.noResultsText}</p>
          </div>
        )}
      </section>
    </div>
  );
}
