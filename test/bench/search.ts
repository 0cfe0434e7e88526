/**
 * `npm run bench:search`: catalog search latency on a 20,000-product tenant (CAT-5/CAT-6).
 * A report, not a test. Calls the query functions directly (no HTTP), sequentially and with 8
 * and 32 calls in flight over one pool of BENCH_DB_POOL_SIZE (default 10, as the app), and prints
 * p50/p99 per operation plus EXPLAIN (ANALYZE, BUFFERS) of the search and facet queries.
 *
 * The bench tenant lives in its own database (BENCH_SEARCH_DATABASE_URL, default kervan_bench_search)
 * and is made once; later runs reuse it. BENCH_SEARCH_PRODUCTS (20000), BENCH_SEARCH_ROUNDS (3).
 */
import { Kysely, sql } from 'kysely';
import pg from 'pg';
import { autocomplete } from '../../src/catalog/autocomplete.ts';
import { listCategories } from '../../src/catalog/categories.ts';
import { seedDemoCatalog } from '../../src/catalog/demo-catalog.ts';
import { searchFacets, searchProducts } from '../../src/catalog/search.ts';
import { KervanPostgresDialect } from '../../src/db/dialect.ts';
import { ensureDatabase } from '../../src/db/ensure-database.ts';
import { migratePlatform, migrateTenantSchema } from '../../src/db/migrate.ts';
import { createRootDb } from '../../src/db/pool.ts';
import type { TenantDb } from '../../src/db/types.ts';
import { acmeCatalog } from '../../src/platform/demo-data.ts';
import { provisionTenant } from '../../src/tenancy/provision.ts';
import { tenantDb } from '../../src/tenancy/with-tenant.ts';

const URL_ = process.env.BENCH_SEARCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/kervan_bench_search';
const N = Number(process.env.BENCH_SEARCH_PRODUCTS ?? 20_000);
const ROUNDS = Number(process.env.BENCH_SEARCH_ROUNDS ?? 3);
const POOL = Number(process.env.BENCH_DB_POOL_SIZE ?? 10);
const SLUG = `bench-search-${N}`;

const SERIES = ['', 'Pro', 'Eko', 'Plus', 'Max', 'Mini', 'Slim', 'Endüstriyel', 'Profesyonel', 'Ultra', 'Kompakt', 'Güçlendirilmiş', 'Şantiye'];

/** 20,000 realistic Turkish products: the acme catalogue times model series, with CAT-2 fields. */
function benchProducts(n: number) {
  const base = acmeCatalog();
  const out = [];
  for (let r = 0; out.length < n; r++) {
    for (const p of base) {
      if (out.length >= n) break;
      const m = /^(.*)-(\d+)$/.exec(p.sku)!;
      const series = Number(m[2]) + 3 * r;
      const label = r === 0 ? '' : `${SERIES[r % SERIES.length]} ${100 + r}`;
      out.push({ ...p, sku: `${m[1]}-${series}`, name: `${p.name} ${label}`.trim(), stock_qty: (p.stock_qty * (r + 1)) % 500 });
    }
  }
  return out;
}

async function ensureTenant(root: ReturnType<typeof createRootDb>['db']) {
  const existing = await root.selectFrom('tenants').select(['id', 'schema_name']).where('slug', '=', SLUG).executeTakeFirst();
  if (existing) {
    await migrateTenantSchema(root, existing.schema_name);
    const db = tenantDb(root, existing.schema_name) as Kysely<TenantDb>;
    const { count } = await db.selectFrom('products').select((eb) => eb.fn.countAll<number>().as('count')).executeTakeFirstOrThrow();
    if (Number(count) >= N) return { schema: existing.schema_name, db, seededMs: 0 };
    await sql`drop schema ${sql.id(existing.schema_name)} cascade`.execute(root);
    await root.deleteFrom('tenants').where('id', '=', existing.id).execute();
  }
  const started = performance.now();
  const tenant = await provisionTenant(root, { slug: SLUG, name: 'Bench Arama A.Ş.', defaultLocale: 'tr' });
  const db = tenantDb(root, tenant.schema) as Kysely<TenantDb>;
  const rows = benchProducts(N);
  for (let i = 0; i < rows.length; i += 1000) await db.insertInto('products').values(rows.slice(i, i + 1000)).execute();
  await seedDemoCatalog(db, 'tr');
  await sql`analyze ${sql.id(tenant.schema, 'products')}`.execute(db);
  await sql`analyze ${sql.id(tenant.schema, 'product_attribute_values')}`.execute(db);
  return { schema: tenant.schema, db, seededMs: performance.now() - started };
}

function pct(sorted: number[], p: number) {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

async function timeAll(calls: (() => Promise<unknown>)[], concurrency: number) {
  const times: number[] = [];
  let next = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < calls.length) {
        const call = calls[next++]!;
        const t0 = performance.now();
        await call();
        times.push(performance.now() - t0);
      }
    }),
  );
  const wall = performance.now() - started;
  times.sort((a, b) => a - b);
  return { p50: pct(times, 50), p99: pct(times, 99), max: times.at(-1)!, perSec: (calls.length / wall) * 1000, n: calls.length };
}

const QUERIES = ['ışık', 'IŞIK', 'isik', 'vida', 'vidalar', 'vidda', 'led panel', 'çelik dübel', 'boya beyaz', 'kablo 2,5', 'AC-VID-0102-1', 'AC-LED', 'paslanmas', 'matkap 18v', 'silikon şeffaf', 'türk kahvesi'];

async function main() {
  await ensureDatabase(URL_);
  const root = createRootDb({ connectionString: URL_, max: POOL, applicationName: 'kervan-bench-search' });
  await migratePlatform(root.db);
  const { schema, db, seededMs } = await ensureTenant(root.db);
  console.log(`bench tenant ${SLUG} (${schema}): ${N} products${seededMs ? `, seeded in ${(seededMs / 1000).toFixed(1)} s` : ' (reused)'}; pool ${POOL}; PostgreSQL ${(await sql<{ server_version: string }>`show server_version`.execute(db)).rows[0]!.server_version}`);
  const barcode = (await db.selectFrom('products').select('barcode').where('barcode', 'is not', null).offset(777).limit(1).executeTakeFirstOrThrow()).barcode!;
  const queries = [...QUERIES, barcode];
  const categories = await listCategories(db, { activeOnly: true });
  const leaf = categories.find((c) => c.parent_id !== null)!;
  const top = categories.find((c) => c.parent_id === null)!;

  const ops: Record<string, (i: number) => Promise<unknown>> = {
    'search-as-you-type (autocomplete: 8 products + categories)': (i) => autocomplete(db, schema, { q: queries[i % queries.length]!, locale: 'tr', dealerId: 1 }),
    'results page (24 rows + total + facets)': async (i) => {
      const q = queries[i % queries.length]!;
      const cats = await listCategories(db, { activeOnly: true });
      const r = await searchProducts(db, schema, { q, locale: 'tr', limit: 24, offset: 0 }, { categories: cats });
      await searchFacets(db, schema, { q, locale: 'tr', fuzzy: r.fuzzy }, { categories: cats });
    },
    'category page (browse top/leaf category + facets)': async (i) => {
      const categoryId = i % 2 ? leaf.id : top.id;
      const cats = await listCategories(db, { activeOnly: true });
      await searchProducts(db, schema, { categoryId, locale: 'tr', limit: 24, offset: 0 }, { categories: cats });
      await searchFacets(db, schema, { categoryId, locale: 'tr' }, { categories: cats });
    },
    'category page filtered (brand + attribute + in stock)': async (i) => {
      const cats = await listCategories(db, { activeOnly: true });
      const filters = { availability: ['in_stock' as const], attributes: { malzeme: ['Çelik', 'Paslanmaz Çelik'] } };
      const categoryId = i % 2 ? leaf.id : top.id;
      await searchProducts(db, schema, { categoryId, filters, locale: 'tr', limit: 24, offset: 0 }, { categories: cats });
      await searchFacets(db, schema, { categoryId, filters, locale: 'tr' }, { categories: cats });
    },
  };

  // Warm-up: every query once.
  for (const op of Object.values(ops)) for (let i = 0; i < queries.length; i++) await op(i);

  console.log('\noperation                                                   conc    calls   p50 ms   p99 ms   max ms     ops/s');
  for (const [name, op] of Object.entries(ops)) {
    for (const conc of [1, 8, 32]) {
      const calls = Array.from({ length: queries.length * ROUNDS * Math.max(1, conc / 4) }, (_, i) => () => op(i));
      const r = await timeAll(calls, conc);
      console.log(
        `${name.padEnd(60)}${String(conc).padStart(4)}${String(r.n).padStart(9)}${r.p50.toFixed(1).padStart(9)}${r.p99.toFixed(1).padStart(9)}${r.max.toFixed(1).padStart(9)}${r.perSec.toFixed(0).padStart(10)}`,
      );
    }
  }

  // Per-query latency, sequential, for the record.
  console.log('\nsequential per query (autocomplete), median of 5:');
  for (const q of queries) {
    const t: number[] = [];
    let hits = 0;
    let mode = '';
    for (let k = 0; k < 5; k++) {
      const t0 = performance.now();
      const r = await searchProducts(db, schema, { q, locale: 'tr', limit: 8, offset: 0 });
      hits = r.total;
      mode = r.fuzzy ? 'fuzzy' : 'strict';
      t.push(performance.now() - t0);
    }
    t.sort((a, b) => a - b);
    console.log(`  ${q.padEnd(18)} ${t[2]!.toFixed(1).padStart(6)} ms  ${String(hits).padStart(6)} matches (${mode})`);
  }

  await explainPlans(schema, leaf.id, categories);
  await root.db.destroy();
}

/** Captures the SQL the search functions send and prints its plan with the same parameters. */
async function explainPlans(schema: string, categoryId: number, categories: Awaited<ReturnType<typeof listCategories>>) {
  const pool = new pg.Pool({ connectionString: URL_, max: 2 });
  const captured: { sql: string; parameters: readonly unknown[] }[] = [];
  const capturing = new Kysely<TenantDb>({
    dialect: new KervanPostgresDialect({ pool }),
    log: (e) => {
      if (e.level === 'query') captured.push({ sql: e.query.sql, parameters: e.query.parameters });
    },
  }).withSchema(schema);
  const show = async (title: string, run: () => Promise<unknown>, pick: (q: { sql: string }) => boolean) => {
    captured.length = 0;
    await run();
    const q = captured.find(pick);
    if (!q) return;
    const client = await pool.connect();
    try {
      await client.query('begin');
      await client.query("select set_config('pg_trgm.word_similarity_threshold', '0.5', true)");
      const plan = await client.query(`explain (analyze, buffers, costs off) ${q.sql}`, q.parameters as unknown[]);
      await client.query('rollback');
      console.log(`\nEXPLAIN ${title}`);
      for (const row of plan.rows) console.log(`  ${row['QUERY PLAN']}`);
    } finally {
      client.release();
    }
  };
  const isSearch = (q: { sql: string }) => q.sql.includes('count(*) over ()');
  const isFacets = (q: { sql: string }) => q.sql.includes('with hits as materialized');
  await show('search "vidalar" (full text + trigram + SKU prefix)', () => searchProducts(capturing, schema, { q: 'vidalar', locale: 'tr', limit: 24, offset: 0 }), isSearch);
  await show('search "vidda" (typo: strict finds nothing, trigram fallback)', () => searchProducts(capturing, schema, { q: 'vidda', locale: 'tr', limit: 24, offset: 0, fuzzy: true }), isSearch);
  await show('search "AC-VID-0102-1" (SKU exact)', () => searchProducts(capturing, schema, { q: 'AC-VID-0102-1', locale: 'tr', limit: 24, offset: 0 }), isSearch);
  await show('facets for "ışık"', () => searchFacets(capturing, schema, { q: 'ışık', locale: 'tr' }, { categories }), isFacets);
  await show('category browse (leaf category, 24 rows)', () => searchProducts(capturing, schema, { categoryId, locale: 'tr', limit: 24, offset: 0 }, { categories }), isSearch);
  await pool.end();
}

await main();
