/**
 * `npm run bench:search`: the dealer catalog over real HTTP (CAT-5, CAT-6, product page). A report,
 * not a test: it asserts nothing about timings, only that every timed route answers what it should.
 *
 * 1. Bench data (catalog-setup.ts, in the bench database of settings.ts): tenant `bench-cat` with
 *    20,000 products and 50 tenants `bench-cat-NN` with 2,000 each, attributes, 3 image rows per
 *    product; made once, reused afterwards (only what is missing is made). VACUUM ANALYZE keeps
 *    the visibility map current so index-only scans are what a settled database would do.
 * 2. The real app (serve-app.ts: startWeb, production mode, pool BENCH_DB_POOL_SIZE) and the floor
 *    server (floor-server.ts: node:http + pg, one indexed SELECT) in child processes.
 * 3. autocannon from this process at BENCH_CONNECTIONS (32) over 127.0.0.1, signed in as a dealer
 *    buyer (sessions rotate), queries rotating over typing sequences, typos, SKUs and barcodes:
 *      - floor `/` (Host rotating over the 51 bench tenants): the req/s baseline;
 *      - search-as-you-type fragment: GET /portal/catalog/suggest?q=… with HX-Request;
 *      - category page with facets: GET /portal/catalog/search?category=… (full page), all
 *        categories, some with filters;
 *      - results page with a query (facets, 24 rows), for the record (the issue sets no target);
 *      - product page: GET /portal/catalog/products/:id over 500 products;
 *      - the suggest fragment with Host rotating over the 50 other tenants (each its own session).
 *    The dealer has dealer prices (issue 5, catalog-setup.ts ensureBenchPricing): a segment USD
 *    list with tiers over part of the catalog, a category campaign and a week of rates, so every
 *    route resolves prices (resolvePrices per page, the SQL mirror in facets and filters).
 * 4. Prints req/s, p50/p99, SQL per request, server CPU, the targets of issue 4, the suggest/floor
 *    ratio, the load average before every route, and EXPLAIN (ANALYZE, BUFFERS) of the search and
 *    facet queries the routes send.
 *
 * Environment: BENCH_DURATION (10 s), BENCH_WARMUP (2 s), BENCH_CONNECTIONS (32), BENCH_DB_POOL_SIZE,
 * BENCH_DATABASE_URL, BENCH_CAT_PRODUCTS (20000), BENCH_CAT_TENANTS (50), BENCH_CAT_OTHER_PRODUCTS
 * (2000), BENCH_ONLY (comma-separated case names: floor,suggest,category,product,suggest-tenants).
 */
import http from 'node:http';
import os from 'node:os';
import autocannon from 'autocannon';
import { Kysely, sql } from 'kysely';
import pg from 'pg';
import { autocomplete } from '../../src/catalog/autocomplete.ts';
import { catalogStructure } from '../../src/catalog/catalog-cache.ts';
import { searchFacets, searchProducts } from '../../src/catalog/search.ts';
import { KervanPostgresDialect } from '../../src/db/dialect.ts';
import type { TenantDb } from '../../src/db/types.ts';
import { tenantDb } from '../../src/tenancy/with-tenant.ts';
import type { DealerPricing } from '../../src/pricing/context.ts';
import { pricingDay } from '../../src/pricing/resolve.ts';
import { ensureCatalogBench, type CatalogBenchTenant } from './catalog-setup.ts';
import { startChild, type ChildServer } from './child.ts';
import { benchSettings } from './settings.ts';
import { openBenchDb } from './setup.ts';

const int = (name: string, fallback: number) => Number(process.env[name] ?? fallback);
const PRODUCTS = int('BENCH_CAT_PRODUCTS', 20_000);
const TENANTS = int('BENCH_CAT_TENANTS', 50);
const OTHER_PRODUCTS = int('BENCH_CAT_OTHER_PRODUCTS', 2_000);
const ONLY = (process.env.BENCH_ONLY ?? '').split(',').filter(Boolean);

const loadavg = () =>
  os
    .loadavg()
    .map((n) => n.toFixed(2))
    .join(' / ');
const section = (title: string) => console.log(`\n== ${title}`);

/** What a dealer types: growing prefixes, Turkish letters in every case, typos, SKUs, barcodes. */
function typingQueries(barcodes: string[], skus: string[]): string[] {
  const typed = ['ışık', 'IŞIK', 'isik', 'vidalar', 'led panel', 'çelik dübel', 'boya beyaz', 'kablo 2,5', 'matkap 18v', 'silikon şeffaf', 'türk kahvesi', 'taş yünü'];
  const prefixes = typed.flatMap((w) => Array.from({ length: w.length - 1 }, (_, i) => w.slice(0, i + 2)));
  const typos = ['vidda', 'paslanmas', 'matkpa', 'silikn', 'kablı', 'bataryaa', 'astr boya', 'projektr'];
  return [...prefixes, ...typos, ...skus, ...skus.map((s) => s.slice(0, 6)), ...barcodes];
}

interface Case {
  name: string;
  label: string;
  server: ChildServer;
  requests: autocannon.Request[];
  /** Checked on the first request before the load: status 200 and this text in the body. */
  expect: string;
  target?: { p99: number; floorRatio?: number };
}

interface Measured {
  c: Case;
  result: autocannon.Result;
  sqlPerRequest: number;
  serverCpu: number;
  loadBefore: string;
  /** The same requests over one connection: service time without queueing. */
  single?: autocannon.Result;
}

function get(port: number, r: autocannon.Request): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = http.get({ host: '127.0.0.1', port, path: r.path, headers: r.headers as Record<string, string>, timeout: 15_000 }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (body += chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    });
    req.on('timeout', () => req.destroy(new Error(`GET ${r.path} timed out`)));
    req.on('error', reject);
  });
}

async function measure(c: Case, duration: number, warmup: number, connections: number): Promise<Measured> {
  // Never time an error page: every distinct request of the case must answer 200 once.
  for (const r of c.requests.slice(0, 400)) {
    const probe = await get(c.server.port, r);
    if (probe.status !== 200) throw new Error(`${c.label}: ${r.path} answered ${probe.status}: ${probe.body.slice(0, 300)}`);
  }
  const first = await get(c.server.port, c.requests[0]!);
  if (!first.body.includes(c.expect)) throw new Error(`${c.label}: ${c.requests[0]!.path} lacks "${c.expect}": ${first.body.slice(0, 300)}`);
  const opts = { url: `http://127.0.0.1:${c.server.port}`, connections, pipelining: 1, requests: c.requests };
  if (warmup > 0) await autocannon({ ...opts, duration: warmup });
  const loadBefore = loadavg();
  process.stdout.write(`  ${c.label} (load ${loadBefore}) … `);
  const before = await c.server.stats();
  const started = performance.now();
  const result = await autocannon({ ...opts, duration, title: c.label });
  const wallMicros = (performance.now() - started) * 1000;
  const after = await c.server.stats();
  console.log(`${Math.round(result.requests.average)} req/s, p99 ${result.latency.p99} ms`);
  // One connection, no queue: what one request costs end to end.
  const single = c.target ? await autocannon({ ...opts, connections: 1, duration: Math.max(2, Math.round(duration / 3)) }) : undefined;
  return {
    c,
    result,
    single,
    loadBefore,
    sqlPerRequest: result.requests.total ? (after.dbCheckouts - before.dbCheckouts) / result.requests.total : 0,
    serverCpu: (after.cpuMicros - before.cpuMicros) / wallMicros,
  };
}

function printTable(rows: string[][]): void {
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => r[i]!.length)));
  rows.forEach((r, n) => {
    console.log(r.map((cell, i) => (i === 0 ? cell.padEnd(widths[i]!) : cell.padStart(widths[i]!))).join('  '));
    if (n === 0) console.log(widths.map((w) => '-'.repeat(w)).join('  '));
  });
}

async function main(): Promise<void> {
  const s = benchSettings();
  console.log(`Kervan catalog bench — Node ${process.version}, ${os.cpus().length} CPUs; ${s.connections} connections, ${s.duration} s per route (+${s.warmup} s warm-up), app pool ${s.dbPoolSize}`);
  console.log(`load average at start: ${loadavg()} (1 / 5 / 15 min)`);

  section('Bench data');
  const root = await openBenchDb(s.databaseUrl, 4);
  let main: CatalogBenchTenant;
  let others: CatalogBenchTenant[];
  let categoryIds: number[];
  let productIds: number[];
  let barcodes: string[];
  let skus: string[];
  let attrFilter: string;
  let pricing: DealerPricing;
  try {
    const setup = await ensureCatalogBench(root, { products: PRODUCTS, tenants: TENANTS, otherProducts: OTHER_PRODUCTS, concurrency: 2, sessions: 8 });
    ({ main, others } = setup);
    pricing = { dealerId: setup.pricing.dealerId, segmentId: setup.pricing.segmentId, currency: 'TRY', baseCurrency: 'TRY', date: pricingDay() };
    console.log(`dealer prices: segment USD list with ${setup.pricing.entries} entries (tiers from 10), a 10 % category campaign, USD/EUR rates for 7 days up to ${pricing.date}`);
    console.log(
      `${main.slug} (${main.schema}): ${PRODUCTS} products; ${others.length} other tenants × ${OTHER_PRODUCTS}; ` +
        `${setup.seeded ? `${setup.seeded} tenants seeded now` : 'all reused'} — setup ${(setup.ms / 1000).toFixed(1)} s`,
    );
    const vacuumStart = performance.now();
    for (const t of [main, ...others]) {
      for (const table of ['products', 'product_attribute_values', 'search_lexicon']) await sql`vacuum analyze ${sql.id(t.schema, table)}`.execute(root);
    }
    console.log(`vacuum analyze of products, attribute values and lexicon in ${others.length + 1} schemas: ${((performance.now() - vacuumStart) / 1000).toFixed(1)} s`);
    const db = tenantDb(root, main.schema) as Kysely<TenantDb>;
    const structure = await catalogStructure(db, main.schema);
    categoryIds = structure.categories.map((c) => c.id);
    const visible = db.selectFrom('products').where('active', '=', true).where('hidden', '=', false).where('availability', '!=', 'out_of_stock');
    productIds = (await visible.select('id').orderBy(sql`md5(id::text)`).limit(500).execute()).map((r) => r.id);
    barcodes = (await visible.select('barcode').where('barcode', 'is not', null).orderBy(sql`md5(id::text)`).limit(6).execute()).map((r) => r.barcode!);
    skus = (await visible.select('sku').orderBy(sql`md5(sku)`).limit(6).execute()).map((r) => r.sku);
    const lexicon = await db.selectFrom('search_lexicon').select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow();
    console.log(`${categoryIds.length} categories, search_lexicon ${lexicon.n} words`);
    attrFilter = structure.filterableByCode.has('malzeme') ? 'a.malzeme=%C3%87elik' : '';
  } finally {
    await root.destroy();
  }

  const children: ChildServer[] = [];
  const measured: Measured[] = [];
  let floor: ChildServer;
  try {
    const started = await Promise.allSettled([startChild('floor', 'floor-server.ts', {}), startChild('app', 'serve-app.ts', {})]);
    for (const r of started) if (r.status === 'fulfilled') children.push(r.value);
    for (const r of started) if (r.status === 'rejected') throw r.reason;
    const [floorServer, app] = children as [ChildServer, ChildServer];
    floor = floorServer;
    const host = (t: CatalogBenchTenant, port: number) => `${t.slug}.localhost:${port}`;
    const dealer = (t: CatalogBenchTenant, i: number, extra: Record<string, string> = {}) => ({ host: host(t, app.port), cookie: t.cookies[i % t.cookies.length]!, ...extra });
    const queries = typingQueries(barcodes, skus);
    const typed = ['ışık', 'vidalar', 'led panel', 'çelik dübel', 'boya beyaz', 'kablo 2,5', 'matkap 18v', 'silikon şeffaf', 'vidda', 'paslanmas', 'taş yünü', skus[0]!];
    const catalog = '/portal/catalog';
    const categoryPaths = categoryIds.flatMap((id, i) => {
      const paths = [`${catalog}/search?category=${id}`];
      if (i % 3 === 0) paths.push(`${catalog}/search?category=${id}&availability=in_stock`);
      if (i % 4 === 0 && attrFilter) paths.push(`${catalog}/search?category=${id}&${attrFilter}`);
      if (i % 5 === 0) paths.push(`${catalog}/search?category=${id}&page=2`);
      return paths;
    });
    const cases: Case[] = [
      {
        name: 'floor',
        label: 'floor / (node:http + pg, Host over 51 tenants)',
        server: floor,
        requests: [main, ...others].map((t) => ({ method: 'GET', path: '/', headers: { host: host(t, floor.port) } })),
        expect: 'bayi portalı',
      },
      {
        name: 'suggest',
        label: `suggest fragment (${queries.length} queries, bench-cat)`,
        server: app,
        requests: queries.map((q, i) => ({ method: 'GET', path: `${catalog}/suggest?q=${encodeURIComponent(q)}`, headers: dealer(main, i, { 'hx-request': 'true' }) })),
        expect: 'data-testid="suggest"',
        target: { p99: 30, floorRatio: 0.4 },
      },
      {
        name: 'category',
        label: `category page + facets (${categoryPaths.length} URLs)`,
        server: app,
        requests: categoryPaths.map((path, i) => ({ method: 'GET', path, headers: dealer(main, i) })),
        expect: 'data-testid="price-tag"',
        target: { p99: 60 },
      },
      {
        name: 'results',
        label: `results page with facets (${typed.length} queries)`,
        server: app,
        requests: typed.map((q, i) => ({ method: 'GET', path: `${catalog}/search?q=${encodeURIComponent(q)}`, headers: dealer(main, i) })),
        expect: 'catalog-results',
      },
      {
        name: 'product',
        label: `product page (${productIds.length} products)`,
        server: app,
        requests: productIds.map((id, i) => ({ method: 'GET', path: `${catalog}/products/${id}`, headers: dealer(main, i) })),
        expect: '<h1',
        target: { p99: 30 },
      },
      {
        name: 'suggest-tenants',
        label: `suggest fragment, Host over ${others.length} other tenants`,
        server: app,
        requests: others.flatMap((t, k) =>
          [t.locale === 'tr' ? 'vida' : 'screw', t.locale === 'tr' ? 'ışık' : 'led', t.locale === 'tr' ? 'matkpa' : 'drlil'].map((q) => ({
            method: 'GET',
            path: `${catalog}/suggest?q=${encodeURIComponent(q)}`,
            headers: dealer(t, k, { 'hx-request': 'true' }),
          })),
        ),
        expect: 'data-testid="suggest"',
      },
    ].filter((c) => !ONLY.length || ONLY.includes(c.name));

    section(`HTTP load (${s.connections} connections, ${s.duration} s each)`);
    for (const c of cases) measured.push(await measure(c, s.duration, s.warmup, s.connections));
  } finally {
    await Promise.all(children.map((c) => c.stop()));
  }

  section('Results');
  const floorRun = measured.find((m) => m.c.name === 'floor');
  const rows = [['route', 'req/s', 'p50 ms', 'p99 ms', 'max ms', 'non-2xx', 'errors', 'SQL/req', 'srv CPU', 'app CPU ms/req', '1-conn p50/p99 ms', 'load before', 'target', 'verdict']];
  for (const m of measured) {
    const r = m.result;
    const t = m.c.target;
    let verdict = '';
    let target = '';
    if (t) {
      target = `p99 ≤ ${t.p99}${t.floorRatio ? `, ≥ ${t.floorRatio * 100}% floor` : ''}`;
      const p99ok = r.latency.p99 <= t.p99;
      const ratio = floorRun ? r.requests.average / floorRun.result.requests.average : NaN;
      const ratioOk = !t.floorRatio || (floorRun ? ratio >= t.floorRatio : false);
      verdict = [
        p99ok ? 'p99 met' : `p99 missed by ${(r.latency.p99 - t.p99).toFixed(0)} ms (×${(r.latency.p99 / t.p99).toFixed(1)})`,
        t.floorRatio ? (floorRun ? `floor ratio ${ratio.toFixed(2)} ${ratioOk ? 'met' : 'missed'}` : 'floor not run') : '',
      ]
        .filter(Boolean)
        .join('; ');
    }
    rows.push([
      m.c.label,
      r.requests.average.toFixed(0),
      r.latency.p50.toFixed(1),
      r.latency.p99.toFixed(1),
      r.latency.max.toFixed(0),
      String(r.non2xx),
      String(r.errors + r.timeouts),
      m.sqlPerRequest.toFixed(2),
      `${(m.serverCpu * 100).toFixed(0)}%`,
      r.requests.average ? ((m.serverCpu * 1000) / r.requests.average).toFixed(2) : '',
      m.single ? `${m.single.latency.p50.toFixed(1)} / ${m.single.latency.p99.toFixed(1)}` : '',
      m.loadBefore,
      target,
      verdict,
    ]);
  }
  printTable(rows);
  console.log(
    [
      '',
      'req/s = mean of 1 s samples; p50/p99/max = latency of all responses; SQL/req = pg pool checkouts per request in the app.',
      'srv CPU = server process CPU time / wall time (100% = one core); app CPU ms/req = that per request (Node only, PostgreSQL not included).',
      '1-conn = the same requests over one connection afterwards (no queueing). load before = 1/5/15 min load average as the route started.',
      `autocannon, the server, the floor and PostgreSQL share ${os.cpus().length} cores with whatever else runs on the machine.`,
    ].join('\n'),
  );

  await explainPlans(s.databaseUrl, main!.schema, categoryIds![0]!, pricing!);
}

/** Captures the SQL the catalog functions send and prints its plan with the same parameters. */
async function explainPlans(url: string, schema: string, categoryId: number, pricing: DealerPricing): Promise<void> {
  section('EXPLAIN (ANALYZE, BUFFERS) of the queries behind the routes (bench-cat)');
  const pool = new pg.Pool({ connectionString: url, max: 2 });
  const captured: { sql: string; parameters: readonly unknown[] }[] = [];
  const capturing = new Kysely<TenantDb>({
    dialect: new KervanPostgresDialect({ pool }),
    log: (e) => {
      if (e.level === 'query') captured.push({ sql: e.query.sql, parameters: e.query.parameters });
    },
  }).withSchema(schema);
  const structure = await catalogStructure(capturing, schema);
  const show = async (title: string, run: () => Promise<unknown>, pick: (q: { sql: string }) => boolean) => {
    captured.length = 0;
    await run();
    const queries = captured.filter(pick);
    for (const q of queries) {
      const plan = await pool.query(`explain (analyze, buffers, costs off) ${q.sql}`, q.parameters as unknown[]);
      console.log(`\n-- ${title}`);
      for (const row of plan.rows) console.log(`  ${row['QUERY PLAN']}`);
    }
  };
  const products = (q: { sql: string }) => q.sql.includes('order by score desc') || q.sql.includes('with page as');
  await show('suggest "vid" (strict: SKU prefix + full-text prefix, bounded candidates)', () => autocomplete(capturing, schema, { q: 'vid', locale: 'tr', dealerId: null }), products);
  await show('suggest "vidda": lexicon correction query', () => autocomplete(capturing, schema, { q: 'vidda', locale: 'tr', dealerId: null }), (q) => q.sql.includes('search_lexicon'));
  await show('suggest "vidda": corrected full-text query', () => searchProducts(capturing, schema, { q: 'vidda', locale: 'tr', limit: 8, offset: 0, fuzzy: true, candidateLimit: 100 }, { structure }), products);
  await show('results page "ışık" (24 rows + total)', () => searchProducts(capturing, schema, { q: 'ışık', locale: 'tr', limit: 24, offset: 0 }, { structure }), products);
  const facetQuery = (q: { sql: string }) => q.sql.includes('hits as materialized');
  await show('category page: facets with dealer prices (index-only browse, dealer price CTEs over the hits, one pass, attribute values by id array)', () => searchFacets(capturing, schema, { categoryId, locale: 'tr', pricing }, { structure }), facetQuery);
  await show('category page: facets without dealer prices (list price, for comparison)', () => searchFacets(capturing, schema, { categoryId, locale: 'tr' }, { structure }), facetQuery);
  await show('category page: 24 rows by name with a dealer price filter 100–1000 TRY', () => searchProducts(capturing, schema, { categoryId, locale: 'tr', limit: 24, offset: 0, countTotal: false, pricing, filters: { priceMin: 10000, priceMax: 100000 } }, { structure }), products);
  await show('category page: 24 rows by name', () => searchProducts(capturing, schema, { categoryId, locale: 'tr', limit: 24, offset: 0, countTotal: false }, { structure }), products);
  await show('facets for "ışık" with dealer prices', () => searchFacets(capturing, schema, { q: 'ışık', locale: 'tr', pricing }, { structure }), facetQuery);
  await pool.end();
}

main().then(
  () => process.exit(0),
  (err: unknown) => {
    console.error(err instanceof Error ? (err.stack ?? err.message) : err);
    process.exit(1);
  },
);
