import { Hono } from 'hono';
import { currentDealerId, requireDealer } from '../auth/middleware.ts';
import type { AppEnv } from '../web/env.ts';
import { renderError } from '../web/errors.tsx';
import { page } from '../web/page.tsx';
import { render, wantsFragment } from '../web/render.ts';
import { SearchBox, SuggestPanel } from '../../views/catalog/search-box.tsx';
import { SearchResults } from '../../views/catalog/results.tsx';
import { autocomplete } from './autocomplete.ts';
import { catalogStructure } from './catalog-cache.ts';
import { categoryPath } from './categories.ts';
import { catalogMessages } from './messages.ts';
import { CATALOG_PATH, PAGE_SIZE, parseSearchParams, searchHref } from './params.ts';
import { moneyFormat } from './money.ts';
import { productRoutes } from './product-routes.tsx';
import { parseQuery, searchFacets, searchProducts } from './search.ts';

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
  const result = await autocomplete(c.var.db, c.var.tenant.schema, { q, locale: c.var.tenant.defaultLocale, dealerId: currentDealerId(c) });
  return c.html(<SuggestPanel t={t} q={q} result={result} money={moneyFormat(c)} />);
});

catalogRoutes.get('/search', async (c) => {
  const t = catalogMessages[c.var.locale];
  const params = parseSearchParams(new URL(c.req.url));
  const { schema } = c.var.tenant;
  const structure = await catalogStructure(c.var.db, schema);
  const { categories } = structure;
  if (params.categoryId && !categories.some((cat) => cat.id === params.categoryId)) return renderError(c, 404);
  const input = { q: params.q, categoryId: params.categoryId, filters: params.filters, locale: c.var.tenant.defaultLocale };
  const pageInput = { ...input, limit: PAGE_SIZE, offset: (params.page - 1) * PAGE_SIZE };
  let result: Awaited<ReturnType<typeof searchProducts>>;
  let facets: Awaited<ReturnType<typeof searchFacets>>;
  if (parseQuery(params.q)) {
    // A query decides on typo correction with its first page; the facets follow that decision.
    result = await searchProducts(c.var.db, schema, pageInput, { categories, structure });
    // A barcode scanned into the box (digits + Enter) opens its product when it is the one hit.
    if (result.total === 1 && result.items[0]?.match === 'barcode' && /^[\d\s-]+$/.test(params.q) && params.page === 1) {
      return c.redirect(`${CATALOG_PATH}/products/${result.items[0].id}`, 303);
    }
    facets = await searchFacets(c.var.db, schema, { ...input, fuzzy: result.fuzzy }, { categories, structure });
  } else {
    // Browsing: the facets query counts the total, so the page query does not count again.
    [result, facets] = await Promise.all([
      searchProducts(c.var.db, schema, { ...pageInput, countTotal: false }, { categories, structure }),
      searchFacets(c.var.db, schema, input, { categories, structure }),
    ]);
    result.total = facets.total;
  }
  const pages = Math.max(1, Math.ceil(result.total / PAGE_SIZE));
  if (params.page > pages) return c.redirect(searchHref(params, { page: pages }), 303);
  const path = params.categoryId ? categoryPath(categories, params.categoryId) : [];
  const title = params.q ? `${t.searchTitle}: ${params.q}` : (path.at(-1)?.name ?? t.title);
  const fragment = (
    <SearchResults t={t} params={params} items={result.items} total={result.total} facets={facets} categoryPath={path} pageSize={PAGE_SIZE} money={moneyFormat(c)} />
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
