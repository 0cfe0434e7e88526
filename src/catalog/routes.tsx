import { Hono } from 'hono';
import { currentDealerId, requireDealer } from '../auth/middleware.ts';
import type { AppEnv } from '../web/env.ts';
import { renderError } from '../web/errors.tsx';
import { page } from '../web/page.tsx';
import { render, wantsFragment } from '../web/render.ts';
import { SearchBox, SuggestPanel } from '../../views/catalog/search-box.tsx';
import { SearchResults } from '../../views/catalog/results.tsx';
import { autocomplete } from './autocomplete.ts';
import { catalogStructure, peekCatalogStructure, type CatalogStructure } from './catalog-cache.ts';
import { categoryPath } from './categories.ts';
import { catalogPrices, requestPricing } from './dealer-prices.ts';
import { catalogMessages } from './messages.ts';
import { CATALOG_PATH, PAGE_SIZE, parseSearchParams, searchHref } from './params.ts';
import { moneyFormat } from './money.ts';
import { productRoutes } from './product-routes.tsx';
import { cartViewer } from '../carts/view-model.ts';
import { parseQuery, searchFacets, searchProducts, type Facets, type SearchResult } from './search.ts';

/**
 * Dealer catalog (CAT-5, CAT-6, CAT-2 card): search page with live suggestions, results with
 * facets in the URL, product page. Mounted at CATALOG_PATH. The catalog language (stemmer) is
 * the seller's default locale; the UI language is the user's.
 */
export const catalogRoutes = new Hono<AppEnv>();

catalogRoutes.use('*', requireDealer());

catalogRoutes.get('/', (c) => {
  const t = catalogMessages[c.var.locale];
  return c.html(page(c, t.title, <SearchBox t={t} q="" />));
});

/** The side panel while typing; a plain request (no htmx) goes to the full results page. */
catalogRoutes.get('/suggest', async (c) => {
  const q = (c.req.query('q') ?? '').slice(0, 200);
  c.header('Vary', 'HX-Request', { append: true });
  if (!wantsFragment(c)) return c.redirect(q ? `${CATALOG_PATH}/search?q=${encodeURIComponent(q)}` : CATALOG_PATH, 303);
  const t = catalogMessages[c.var.locale];
  const [result, pricing] = await Promise.all([
    autocomplete(c.var.db, c.var.tenant.schema, { q, locale: c.var.tenant.defaultLocale, dealerId: currentDealerId(c) }),
    requestPricing(c),
  ]);
  const prices = await catalogPrices(c.var.db, c.var.tenant.schema, pricing, result.products, c.var.log);
  return c.html(<SuggestPanel t={t} locale={c.var.locale} q={q} result={result} prices={prices} money={moneyFormat(c)} />);
});

catalogRoutes.get('/search', async (c) => {
  const t = catalogMessages[c.var.locale];
  const params = parseSearchParams(new URL(c.req.url));
  const { schema } = c.var.tenant;
  const db = c.var.db;
  // The dealer's prices (PRC-6): the price facet and filter use them, the rows show them.
  const pricing = await requestPricing(c);
  const input = { q: params.q, categoryId: params.categoryId, filters: params.filters, locale: c.var.tenant.defaultLocale, pricing };
  const pageInput = { ...input, limit: PAGE_SIZE, offset: (params.page - 1) * PAGE_SIZE };
  const known = (s: CatalogStructure) => !params.categoryId || s.categories.some((cat) => cat.id === params.categoryId);

  // The cached category list is used as it is; the facets query reads the structure counter and
  // the page is computed again on the rare request that finds it moved. An unknown category is
  // checked against a fresh list before it is a 404.
  let structure = peekCatalogStructure(schema);
  if (!structure || !known(structure)) structure = await catalogStructure(db, schema);
  if (!known(structure)) return renderError(c, 404);

  type Computed = { redirect: string } | { result: SearchResult; facets: Facets };
  const compute = async (s: CatalogStructure): Promise<Computed> => {
    const pre = { categories: s.categories, structure: s };
    if (parseQuery(params.q)) {
      // A query decides on typo correction with its first page; the facets follow that decision.
      const result = await searchProducts(db, schema, pageInput, pre);
      // A barcode scanned into the box (digits + Enter) opens its product when it is the one hit.
      if (result.total === 1 && result.items[0]?.match === 'barcode' && /^[\d\s-]+$/.test(params.q) && params.page === 1) {
        return { redirect: `${CATALOG_PATH}/products/${result.items[0].id}` };
      }
      const facets = await searchFacets(db, schema, { ...input, fuzzy: result.fuzzy }, pre);
      return { result, facets };
    }
    // Browsing: the facets query counts the total, so the page query does not count again.
    const [result, facets] = await Promise.all([searchProducts(db, schema, { ...pageInput, countTotal: false }, pre), searchFacets(db, schema, input, pre)]);
    result.total = facets.total;
    return { result, facets };
  };
  let out = await compute(structure);
  if ('redirect' in out) return c.redirect(out.redirect, 303);
  if (out.facets.structureVersion !== structure.version) {
    structure = await catalogStructure(db, schema);
    if (!known(structure)) return renderError(c, 404);
    out = await compute(structure);
    if ('redirect' in out) return c.redirect(out.redirect, 303);
  }
  const { result, facets } = out;
  const { categories } = structure;
  const pages = Math.max(1, Math.ceil(result.total / PAGE_SIZE));
  if (params.page > pages) return c.redirect(searchHref(params, { page: pages }), 303);
  const path = params.categoryId ? categoryPath(categories, params.categoryId) : [];
  const title = params.q ? `${t.searchTitle}: ${params.q}` : (path.at(-1)?.name ?? t.title);
  const prices = await catalogPrices(db, schema, pricing, result.items, c.var.log);
  const fragment = (
    <SearchResults
      t={t}
      locale={c.var.locale}
      params={params}
      items={result.items}
      prices={prices}
      priceCurrency={pricing?.currency}
      total={result.total}
      facets={facets}
      categoryPath={path}
      pageSize={PAGE_SIZE}
      money={moneyFormat(c)}
      canOrder={cartViewer(c)?.canPlace ?? false}
    />
  );
  return render(c, fragment, (body) =>
    page(
      c,
      title,
      <>
        <SearchBox t={t} q={params.q} />
        {body}
      </>,
    ),
  );
});

// The product page (images, variants, documents, availability) lives in its own module.
catalogRoutes.route('/products', productRoutes);
