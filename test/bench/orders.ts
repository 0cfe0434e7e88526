/**
 * `npm run bench:orders`: order submission (ORD-5) at the domain level — `submitOrder` against a
 * 20,000-product tenant, BENCH_CONNECTIONS (32) concurrent submitters, each order 5 random lines
 * for one of 200 dealers (every dealer has an open account with room, an address and a user;
 * 30 % of the dealers have a segment price list, a campaign runs on a category). A report, not a
 * test: it prints orders/s, p50/p90/p99 latency, SQL statements per order and the load average.
 * The HTTP route (form post → submit → redirect) adds the session/CSRF/render cost measured in
 * bench:search (≈ 2 ms of Node per request) on top.
 *
 * The tenant `bench-ord` is dropped and made again on every run (about 3 s), so runs compare.
 * Environment: BENCH_DURATION (10 s), BENCH_WARMUP (2 s), BENCH_CONNECTIONS (32),
 * BENCH_DB_POOL_SIZE (default = connections), BENCH_DATABASE_URL, BENCH_ORD_PRODUCTS (20000),
 * BENCH_ORD_LINES (5).
 */
import os from 'node:os';
import { sql, type KyselyPlugin, type PluginTransformQueryArgs, type PluginTransformResultArgs, type QueryResult, type RootOperationNode, type UnknownRow } from 'kysely';
import { createRootDb, type RootDb } from '../../src/db/pool.ts';
import { migratePlatform } from '../../src/db/migrate.ts';
import { ensureDatabase } from '../../src/db/ensure-database.ts';
import { submitOrder } from '../../src/orders/submit.ts';
import { provisionTenant } from '../../src/tenancy/provision.ts';
import { assertSchemaName } from '../../src/tenancy/schema-name.ts';
import { tenantDb } from '../../src/tenancy/with-tenant.ts';
import { benchSettings } from './settings.ts';

const int = (name: string, fallback: number) => Number(process.env[name] ?? fallback);
const PRODUCTS = int('BENCH_ORD_PRODUCTS', 20_000);
const LINES = int('BENCH_ORD_LINES', 5);
const DEALERS = 200;
const SLUG = 'bench-ord';

let statements = 0;
const counter: KyselyPlugin = {
  transformQuery(args: PluginTransformQueryArgs): RootOperationNode {
    return args.node;
  },
  // Counted on results (once per executed statement; transformQuery also sees subqueries).
  async transformResult(args: PluginTransformResultArgs): Promise<QueryResult<UnknownRow>> {
    statements += 1;
    return args.result;
  },
};

const pct = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0;
const loadavg = () => os.loadavg().map((n) => n.toFixed(2)).join(' / ');

async function setup(root: RootDb) {
  const old = await root.selectFrom('tenants').select(['id', 'schema_name']).where('slug', '=', SLUG).executeTakeFirst();
  if (old) {
    await sql`drop schema if exists ${sql.id(assertSchemaName(old.schema_name))} cascade`.execute(root);
    await root.deleteFrom('tenants').where('id', '=', old.id).execute();
  }
  const t = await provisionTenant(root, { slug: SLUG, name: 'Bench Sipariş A.Ş.' });
  const db = tenantDb(root, t.schema);
  const s = sql.id(t.schema);
  await sql`insert into ${s}.categories (name, slug) select 'Kategori ' || g, 'kat-' || g from generate_series(1, 40) g`.execute(root);
  await sql`
    insert into ${s}.products (sku, name, list_price, currency, vat_rate, stock_qty, out_of_stock_behaviour, category_id)
    select 'ORD-' || g, 'Ürün ' || g, 1000 + (g * 37) % 90000, 'TRY', case when g % 10 = 0 then 10 else 20 end, 1000000, 'block',
           (select id from ${s}.categories order by id offset (g % 40) limit 1)
    from generate_series(1, ${PRODUCTS}) g`.execute(root);
  await sql`insert into ${s}.dealer_segments (code, name) values ('GOLD', 'Gold')`.execute(root);
  await sql`
    insert into ${s}.dealers (code, company_name, status, segment_id)
    select 'B-' || g, 'Bayi ' || g, 'active', case when g % 10 < 3 then (select id from ${s}.dealer_segments limit 1) end
    from generate_series(1, ${DEALERS}) g`.execute(root);
  await sql`
    insert into ${s}.users (kind, dealer_id, email, name, role, status)
    select 'dealer', id, 'buyer' || id || '@bench.example', 'Alıcı ' || id, 'buyer', 'active' from ${s}.dealers`.execute(root);
  await sql`insert into ${s}.addresses (dealer_id, kind, label, line1, city, is_default) select id, 'shipping', 'Depo', 'Sanayi Cd. 1', 'İstanbul', true from ${s}.dealers`.execute(root);
  await sql`insert into ${s}.dealer_accounts (dealer_id, currency, credit_limit, payment_methods) select id, 'TRY', 900000000000, '{open_account,wire}' from ${s}.dealers`.execute(root);
  await sql`insert into ${s}.price_lists (name, currency, kind, segment_id, valid_from, priority) select 'Gold', 'TRY', 'segment', id, '2020-01-01', 1 from ${s}.dealer_segments`.execute(root);
  await sql`
    insert into ${s}.price_list_entries (price_list_id, product_id, min_qty, percent_off)
    select (select id from ${s}.price_lists limit 1), id, 1, 8 from ${s}.products where id % 3 = 0`.execute(root);
  await sql`insert into ${s}.campaigns (name, starts_at, ends_at, target, scope, percent_off) values ('Kış', '2020-01-01', '2100-01-01', 'all', 'categories', 5)`.execute(root);
  await sql`insert into ${s}.campaign_categories (campaign_id, category_id) select (select id from ${s}.campaigns limit 1), id from ${s}.categories where id % 4 = 0`.execute(root);
  await sql`analyze`.execute(db);
  const dealers = await db.selectFrom('users').select(['id', 'dealer_id']).where('kind', '=', 'dealer').execute();
  const ids = await db.selectFrom('products').select('id').execute();
  return { tenant: t, db, dealers: dealers.map((d) => ({ userId: d.id, dealerId: d.dealer_id! })), productIds: ids.map((p) => p.id) };
}

async function main() {
  const s = benchSettings();
  const connections = s.connections;
  const pool = int('BENCH_DB_POOL_SIZE', connections);
  await ensureDatabase(s.databaseUrl);
  const { db: root, pool: pgPool } = createRootDb({ connectionString: s.databaseUrl, max: pool, applicationName: 'kervan-bench-orders' });
  await migratePlatform(root);
  const t0 = performance.now();
  const w = await setup(root);
  console.log(`setup: tenant ${SLUG}, ${PRODUCTS} products, ${DEALERS} dealers in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
  const db = w.db.withPlugin(counter);

  let seq = 0;
  const one = async () => {
    const who = w.dealers[Math.floor(Math.random() * w.dealers.length)]!;
    const items = new Map<number, number>();
    while (items.size < LINES) items.set(w.productIds[Math.floor(Math.random() * w.productIds.length)]!, 1 + Math.floor(Math.random() * 3));
    const started = performance.now();
    const r = await submitOrder(db, {
      tenantId: w.tenant.id,
      timeZone: 'Europe/Istanbul',
      dealerId: who.dealerId,
      userId: who.userId,
      idempotencyKey: `bench-${process.pid}-${seq++}`,
      items: [...items].map(([productId, qty]) => ({ productId, qty })),
      paymentMethod: 'open_account',
    });
    if (r.kind !== 'created') throw new Error(`unexpected result ${JSON.stringify(r)}`);
    return performance.now() - started;
  };
  const run = async (seconds: number) => {
    const lat: number[] = [];
    const until = performance.now() + seconds * 1000;
    await Promise.all(
      Array.from({ length: connections }, async () => {
        while (performance.now() < until) lat.push(await one());
      }),
    );
    return lat.sort((a, b) => a - b);
  };

  // Single submitter first: the cost of one order without queueing.
  console.log(`\nload average before: ${loadavg()}`);
  const singleStart = performance.now();
  const single: number[] = [];
  while (performance.now() - singleStart < 3000) single.push(await one());
  single.sort((a, b) => a - b);
  const before = statements;
  await one();
  const perOrder = statements - before;
  console.log(`single submitter: ${single.length} orders, p50 ${pct(single, 50).toFixed(1)} ms, p99 ${pct(single, 99).toFixed(1)} ms, ${perOrder} SQL statements per ${LINES}-line order`);

  await run(s.warmup);
  console.log(`load average before the measured run: ${loadavg()}`);
  const lat = await run(s.duration);
  const rate = lat.length / s.duration;
  console.log(`\n== order submission, ${connections} concurrent, ${LINES} lines, ${s.duration} s, pool ${pool}`);
  console.log(`orders/s ${rate.toFixed(0)}  p50 ${pct(lat, 50).toFixed(1)} ms  p90 ${pct(lat, 90).toFixed(1)} ms  p99 ${pct(lat, 99).toFixed(1)} ms  (n=${lat.length})`);
  console.log(`targets (issue 6): p99 ≤ 100 ms → ${pct(lat, 99) <= 100 ? 'met' : 'missed'} (×${(pct(lat, 99) / 100).toFixed(2)}); ≥ 300 orders/s → ${rate >= 300 ? 'met' : 'missed'} (ratio ${(rate / 300).toFixed(2)})`);
  const stock = await sql<{ reserved: string; orders: string }>`select (select sum(reserved_qty) from ${sql.id(w.tenant.schema)}.products)::text as reserved, (select count(*) from ${sql.id(w.tenant.schema)}.orders)::text as orders`.execute(root);
  console.log(`check: ${stock.rows[0]!.orders} orders, ${stock.rows[0]!.reserved} units reserved`);
  await root.destroy();
  void pgPool;
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
