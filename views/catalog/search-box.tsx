import type { Autocomplete } from '../../src/catalog/autocomplete.ts';
import type { CatalogMessages } from '../../src/catalog/messages.ts';
import { CATALOG_PATH } from '../../src/catalog/params.ts';
import type { DisplayLocale } from '../../src/pricing/display.ts';
import { PriceTag, type Prices } from './results.tsx';

export const SUGGEST_PANEL_ID = 'catalog-suggest';

/**
 * The search box. Without JavaScript it is a GET form to the results page; with htmx the
 * input asks for the suggestion fragment while typing (debounced 200 ms; `search` fires on
 * Enter and on the clear button of type=search) and shows it in the side panel. htmx 4 does
 * not inherit attributes, so everything sits on the input itself.
 */
export function SearchBox(p: { t: CatalogMessages; q: string }) {
  return (
    <div class="catalog-search">
      <form method="get" action={`${CATALOG_PATH}/search`} role="search" class="filters">
        <div class="field">
          <label for="catalog-q">{p.t.searchLabel}</label>
          <input
            id="catalog-q"
            type="search"
            name="q"
            value={p.q}
            placeholder={p.t.searchPlaceholder}
            autocomplete="off"
            spellcheck={false}
            enterkeyhint="search"
            aria-controls={SUGGEST_PANEL_ID}
            hx-get={`${CATALOG_PATH}/suggest`}
            hx-trigger="input changed delay:200ms, search"
            hx-target={`#${SUGGEST_PANEL_ID}`}
            hx-swap="innerHTML"
            hx-sync="this:replace"
          />
        </div>
        <button type="submit" class="btn btn--primary">
          {p.t.searchButton}
        </button>
      </form>
      <aside id={SUGGEST_PANEL_ID} class="panel catalog-suggest" aria-live="polite" aria-label={p.t.suggestProducts}></aside>
    </div>
  );
}

/** The side panel fragment: products, categories and the dealer's earlier purchases. */
export function SuggestPanel(p: { t: CatalogMessages; locale: DisplayLocale; q: string; result: Autocomplete; prices: Prices; money: (minor: number, currency: string) => string }) {
  const { t, result } = p;
  if (!p.q.trim()) return <></>;
  const empty = !result.products.length && !result.categories.length && !result.boughtBefore.length;
  return (
    <div class="stack" data-testid="suggest">
      {empty ? <p class="muted">{t.suggestNone}</p> : null}
      {result.boughtBefore.length ? (
        <section>
          <h2 class="visually-hidden">{t.suggestBoughtBefore}</h2>
          <ul>
            {result.boughtBefore.map((b) => (
              <li>
                <a href={`${CATALOG_PATH}/products/${b.id}`}>
                  {b.name} <span class="muted">{b.sku}</span>
                </a>
              </li>
            ))}
          </ul>
        </section>
      ) : null}
      {result.categories.length ? (
        <section>
          <h2>{t.suggestCategories}</h2>
          <ul>
            {result.categories.map((c) => (
              <li>
                <a href={`${CATALOG_PATH}/search?category=${c.id}`}>{c.name}</a>
              </li>
            ))}
          </ul>
        </section>
      ) : null}
      {result.products.length ? (
        <section>
          <h2>{t.suggestProducts}</h2>
          <ul>
            {result.products.map((h) => (
              <li class="suggest-product">
                <span class="suggest-product__name">
                  <a href={`${CATALOG_PATH}/products/${h.id}`}>{h.name}</a> <span class="muted">{h.sku}</span>
                </span>
                <PriceTag t={t} locale={p.locale} price={p.prices.get(h.id)} money={p.money} />
              </li>
            ))}
          </ul>
        </section>
      ) : null}
      <p>
        <a href={`${CATALOG_PATH}/search?q=${encodeURIComponent(p.q)}`}>{t.suggestAll(p.q)}</a>
      </p>
    </div>
  );
}
