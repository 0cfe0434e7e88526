/**
 * `npm run bench:orders-http`: cart add (fragment) and order submission (ORD-1/ORD-5) over real
 * HTTP, the issue-6 bench. A report, not a test: it asserts nothing about timings, only that every
 * timed route answers what it should before the load starts.
 *
 * 1. Bench data: tenant `bench-ord-http` (dropped and made again on every run, so runs compare)
 *    with BENCH_ORD_PRODUCTS (20,000) products in 40 categories, 200 active dealers (30 % in a
 *    segment with a percent price list over a third of the catalog, a 5 % category campaign), each
 *    with an open account (huge limit, so no order is refused for credit), a delivery address, and
 *    two buyers with a signed-in session: buyer A adds to cart, buyer B submits orders. One
 *    shipping method (150 TRY, free from 5,000 TRY net).
 * 2. The real app (startWeb, production mode, pool BENCH_DB_POOL_SIZE — this file run as a child,
 *    exactly what serve-app.ts does plus a counter of every statement sent to PostgreSQL) and the
 *    floor server (floor-server.ts: node:http + pg, one indexed SELECT) in child processes.
 * 3. autocannon from this process at BENCH_CONNECTIONS (32) over 127.0.0.1:
 *      - floor `/`: the req/s baseline;
 *      - cart add fragment: POST /portal/carts/active/lines (HX-Request, product_id + qty),
 *        rotating over 5,000 random products and the 200 buyer-A sessions (each request takes the
 *        next pair from one shared sequence, so no two connections replay the same order);
 *      - order submission: POST /portal/orders/checkout/confirm, the form the review page posts
 *        (cart, address, shipping, payment, a unique idempotency key, the expected total). Every
 *        request confirms its own cart of 5 lines (qty 1–3): the carts are PREPARED IN BULK IN THE
 *        DATABASE before the load (one per request, owned by buyer B of a rotating dealer), and the
 *        expected total of each is computed by submitOrder itself (a submission with a wrong
 *        expected total writes nothing and answers the figures). Building each cart over HTTP
 *        would time five cart adds and a review page per order, which is not what is measured.
 *        One cart's expected total is checked against the real review page first. The run is
 *        BENCH_ORD_HTTP_ORDERS (3,000) requests (+ BENCH_ORD_HTTP_WARMUP_ORDERS (400) before),
 *        not a duration, because each request consumes a prepared cart. Only orders actually
 *        created count (rows in `orders` before/after); refusals are printed.
 * 4. Prints req/s, p50/p99, SQL statements per request (every statement the app process sent,
 *    BEGIN/COMMIT included), app CPU, the same requests over one connection, the load average,
 *    the issue-6 targets and verdict, and the statements of one submission (from submitOrder
 *    alone) for the analysis of where the time goes.
 *
 * Environment: BENCH_DURATION (10 s, cart add and floor), BENCH_WARMUP (2 s), BENCH_CONNECTIONS
 * (32), BENCH_DB_POOL_SIZE (10), BENCH_DATABASE_URL, BENCH_ORD_PRODUCTS (20000), BENCH_ORD_HTTP_ORDERS
 * (3000), BENCH_ORD_HTTP_WARMUP_ORDERS (400), BENCH_ONLY (floor,cart-add,submit), BENCH_CPU_PROF_DIR (write a
 * V8 CPU profile of the app process there).
 */
import { existsSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import { randomBytes } from 'node:crypto';
import autocannon from 'autocannon';
import { sql, type Kysely } from 'kysely';
import pg from 'pg';

const int = (name: string, fallback: number) => Number(process.env[name] ?? fallback);
const IS_CHILD = process.env.BENCH_ORD_HTTP_CHILD === '1';

// Every statement sent to PostgreSQL by this process (the app, in the child). Patched before the
// app opens its pool: every pool client is a pg.Client.
let statements = 0;
let capture: string[] | null = null;
const rawQuery = pg.Client.prototype.query;
(pg.Client.prototype as unknown as { query: (...args: unknown[]) => unknown }).query = function (this: pg.Client, ...args: unknown[]) {
  statements += 1;
  if (capture) {
    const q = args[0];
    const text = typeof q === 'string' ? q : ((q as { text?: string } | undefined)?.text ?? '?');
    capture.push(text.replace(/\s+/g, ' ').trim());
  }
  return (rawQuery as (...a: unknown[]) => unknown).apply(this, args);
};

// ---------------------------------------------------------------------------------------------

type TenantDbT = import('../../src/db/types.ts').TenantDb;
type RootDbT = import('../../src/db/pool.ts').RootDb;

const SLUG = 'bench-ord-http';
const DEALERS = 200;
const LINES = 5;

const loadavg = () =>
  os
    .loadavg()
    .map((n) => n.toFixed(2))
    .join(' / ');
const section = (title: string) => console.log(`\n== ${title}`);

interface World {
  tenantId: number;
  schema: string;
  db: Kysely<TenantDbT>;
  productIds: number[];
  dealers: Array<{ dealerId: number; addressId: number; adder: { userId: number; cookie: string }; submitter: { userId: number; cookie: string } }>;
  shippingMethodId: number;
}

async function setup(root: RootDbT, products: number): Promise<World> {
  const [{ provisionTenant }, { assertSchemaName }, { tenantDb }, { createSession }] = await Promise.all([
    import('../../src/tenancy/provision.ts'),
    import('../../src/tenancy/schema-name.ts'),
    import('../../src/tenancy/with-tenant.ts'),
    import('../../src/auth/sessions.ts'),
  ]);
  const old = await root.selectFrom('tenants').select(['id', 'schema_name']).where('slug', '=', SLUG).executeTakeFirst();
  if (old) {
    await sql`drop schema if exists ${sql.id(assertSchemaName(old.schema_name))} cascade`.execute(root);
    await root.deleteFrom('tenants').where('id', '=', old.id).execute();
  }
  const t = await provisionTenant(root, { slug: SLUG, name: 'Bench Sipariş HTTP A.Ş.' });
  const db = tenantDb(root, t.schema) as Kysely<TenantDbT>;
  const s = sql.id(t.schema);
  await sql`insert into ${s}.categories (name, slug) select 'Kategori ' || g, 'kat-' || g from generate_series(1, 40) g`.execute(root);
  await sql`
    insert into ${s}.products (sku, name, list_price, currency, vat_rate, stock_qty, out_of_stock_behaviour, category_id)
    select 'ORD-' || g, 'Ürün ' || g, 1000 + (g * 37) % 90000, 'TRY', case when g % 10 = 0 then 10 else 20 end, 10000000, 'block',
           (select id from ${s}.categories order by id offset (g % 40) limit 1)
    from generate_series(1, ${products}) g`.execute(root);
  await sql`insert into ${s}.dealer_segments (code, name) values ('GOLD', 'Gold')`.execute(root);
  await sql`
    insert into ${s}.dealers (code, company_name, status, segment_id)
    select 'B-' || g, 'Bayi ' || g, 'active', case when g % 10 < 3 then (select id from ${s}.dealer_segments limit 1) end
    from generate_series(1, ${DEALERS}) g`.execute(root);
  for (const who of ['a', 'b']) {
    await sql`
      insert into ${s}.users (kind, dealer_id, email, name, role, status, permissions)
      select 'dealer', id, ${who} || '-buyer' || id || '@bench.example', 'Alıcı ' || upper(${who}) || ' ' || id, 'buyer', 'active', ${sql.lit('{orders.place,orders.change,orders.change_qty}')}::text[] from ${s}.dealers`.execute(root);
  }
  await sql`insert into ${s}.addresses (dealer_id, kind, label, line1, city, is_default) select id, 'shipping', 'Depo', 'Sanayi Cd. 1', 'İstanbul', true from ${s}.dealers`.execute(root);
  await sql`insert into ${s}.dealer_accounts (dealer_id, currency, credit_limit, payment_methods) select id, 'TRY', 900000000000, '{open_account,wire}' from ${s}.dealers`.execute(root);
  await sql`insert into ${s}.price_lists (name, currency, kind, segment_id, valid_from, priority) select 'Gold', 'TRY', 'segment', id, '2020-01-01', 1 from ${s}.dealer_segments`.execute(root);
  await sql`
    insert into ${s}.price_list_entries (price_list_id, product_id, min_qty, percent_off)
    select (select id from ${s}.price_lists limit 1), id, 1, 8 from ${s}.products where id % 3 = 0`.execute(root);
  await sql`insert into ${s}.campaigns (name, starts_at, ends_at, target, scope, percent_off) values ('Kış', '2020-01-01', '2100-01-01', 'all', 'categories', 5)`.execute(root);
  await sql`insert into ${s}.campaign_categories (campaign_id, category_id) select (select id from ${s}.campaigns limit 1), id from ${s}.categories where id % 4 = 0`.execute(root);
  const ship = await db.insertInto('shipping_methods').values({ code: 'KARGO', name: 'Kargo', price: 15000, currency: 'TRY', free_from: 500000, vat_rate: 20 }).returning('id').executeTakeFirstOrThrow();
  await sql`analyze`.execute(db);

  const users = await db.selectFrom('users').select(['id', 'dealer_id', 'email']).where('kind', '=', 'dealer').orderBy('id').execute();
  const addresses = new Map((await db.selectFrom('addresses').select(['id', 'dealer_id']).execute()).map((a) => [a.dealer_id, a.id]));
  const byDealer = new Map<number, World['dealers'][number]>();
  for (const u of users) {
    const cookie = `kv_session=${(await createSession(db, u.id, { twoFactorVerified: true })).token}`;
    const d = byDealer.get(u.dealer_id!) ?? ({ dealerId: u.dealer_id!, addressId: addresses.get(u.dealer_id!)! } as World['dealers'][number]);
    if (u.email.startsWith('a-')) d.adder = { userId: u.id, cookie };
    else d.submitter = { userId: u.id, cookie };
    byDealer.set(u.dealer_id!, d);
  }
  const productIds = (await db.selectFrom('products').select('id').orderBy('id').execute()).map((p) => p.id);
  return { tenantId: t.id, schema: t.schema, db, productIds, dealers: [...byDealer.values()], shippingMethodId: ship.id };
}

interface PreparedOrder {
  cartId: number;
  dealer: World['dealers'][number];
  expected: number;
  body: string;
}

/** `n` carts of LINES random lines each, in bulk, and the expected total of each (from submitOrder). */
async function prepareCarts(w: World, n: number, tag: string): Promise<PreparedOrder[]> {
  const [{ submitOrder }, { mapLimit }] = await Promise.all([import('../../src/orders/submit.ts'), import('./setup.ts')]);
  const rnd = (k: number) => Math.floor(Math.random() * k);
  const specs = Array.from({ length: n }, (_, i) => {
    const dealer = w.dealers[i % w.dealers.length]!;
    const items = new Map<number, number>();
    while (items.size < LINES) items.set(w.productIds[rnd(w.productIds.length)]!, 1 + rnd(3));
    return { dealer, items };
  });
  const ids: number[] = [];
  for (let i = 0; i < specs.length; i += 1000) {
    const chunk = specs.slice(i, i + 1000);
    const rows = await w.db
      .insertInto('carts')
      .values(chunk.map((s, k) => ({ dealer_id: s.dealer.dealerId, owner_id: s.dealer.submitter.userId, name: `Bench ${tag} ${i + k + 1}` })))
      .returning('id')
      .execute();
    ids.push(...rows.map((r) => r.id));
    await w.db
      .insertInto('cart_lines')
      .values(chunk.flatMap((s, k) => [...s.items].map(([product_id, qty]) => ({ cart_id: rows[k]!.id, product_id, qty }))))
      .execute();
  }
  return mapLimit(specs, 8, async (s, i) => {
    const r = await submitOrder(w.db, {
      tenantId: w.tenantId,
      timeZone: 'Europe/Istanbul',
      dealerId: s.dealer.dealerId,
      userId: s.dealer.submitter.userId,
      idempotencyKey: `probe-${tag}-${i}`,
      items: [...s.items].map(([productId, qty]) => ({ productId, qty })),
      paymentMethod: 'open_account',
      shippingMethodId: w.shippingMethodId,
      shippingAddressId: s.dealer.addressId,
      expectedTotalGross: -1,
    });
    if (r.kind !== 'repriced') throw new Error(`pricing probe answered ${JSON.stringify(r)}`);
    const cartId = ids[i]!;
    const body = new URLSearchParams({
      cart: String(cartId),
      key: `bench-${tag}-${process.pid}-${i}-${randomBytes(4).toString('hex')}`,
      expected: String(r.totals.totalGross),
      address_id: String(s.dealer.addressId),
      ship: String(w.shippingMethodId),
      date: '',
      pay: 'open_account',
      note: '',
      po: `PO-${i}`,
    }).toString();
    return { cartId, dealer: s.dealer, expected: r.totals.totalGross, body };
  });
}

function post(port: number, path: string, headers: Record<string, string>, body: string): Promise<{ status: number; body: string; location?: string }> {
  return new Promise((resolve, reject) => {
    const req = http.request({ host: '127.0.0.1', port, path, method: 'POST', headers: { ...headers, 'content-length': String(Buffer.byteLength(body)) }, timeout: 15_000 }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (text += chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: text, location: res.headers.location }));
    });
    req.on('timeout', () => req.destroy(new Error(`POST ${path} timed out`)));
    req.on('error', reject);
    req.end(body);
  });
}

function get(port: number, path: string, headers: Record<string, string>): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = http.get({ host: '127.0.0.1', port, path, headers, timeout: 15_000 }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (body += chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    });
    req.on('timeout', () => req.destroy(new Error(`GET ${path} timed out`)));
    req.on('error', reject);
  });
}

/**
 * CPU time (ms) so far of each PostgreSQL backend serving the bench database, by pid (Linux
 * /proc; empty elsewhere). Only backends of `database` count, so other work on the machine's
 * PostgreSQL (tests, other databases) does not inflate the figure.
 */
function postgresCpuMs(database: string): Map<string, number> {
  const out = new Map<string, number>();
  try {
    for (const pid of readdirSync('/proc')) {
      if (!/^\d+$/.test(pid)) continue;
      try {
        const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
        const close = stat.lastIndexOf(')');
        if (!stat.slice(stat.indexOf('(') + 1, close).startsWith('postgres')) continue;
        const title = readFileSync(`/proc/${pid}/cmdline`, 'utf8');
        if (!title.includes(` ${database} `)) continue;
        const f = stat.slice(close + 2).split(' ');
        out.set(pid, (Number(f[11]) + Number(f[12])) * 10); // USER_HZ = 100
      } catch {
        // the process ended meanwhile
      }
    }
  } catch {
    // not Linux
  }
  return out;
}

/** CPU used between two snapshots by backends alive at the end (a backend that ended — e.g. the floor server's — is left out rather than counted negative). */
function cpuBetween(before: Map<string, number>, after: Map<string, number>): number {
  let ms = 0;
  for (const [pid, t] of after) ms += t - (before.get(pid) ?? 0);
  return ms;
}

interface Row {
  label: string;
  result: autocannon.Result;
  sqlPerRequest: number;
  cpuShare: number;
  pgCpuMsPerRequest: number;
  loadBefore: string;
  single?: autocannon.Result;
  target?: string;
  verdict?: string;
  extra?: string;
}

type DynamicRequest = { method: string; path: string; headers: Record<string, string>; body?: string };
/** One request object whose content comes from `next()` each time (autocannon's setupRequest). */
const dynamic = (next: () => DynamicRequest) =>
  [
    {
      setupRequest: (req: DynamicRequest) => {
        const n = next();
        return Object.assign(req, { method: n.method, path: n.path, body: n.body, headers: { ...req.headers, ...n.headers } });
      },
    },
  ] as unknown as autocannon.Request[];

async function run(opts: { port: number; connections: number; requests: autocannon.Request[]; duration?: number; amount?: number; title: string }): Promise<autocannon.Result> {
  return autocannon({
    url: `http://127.0.0.1:${opts.port}`,
    connections: opts.connections,
    pipelining: 1,
    timeout: 30,
    requests: opts.requests,
    title: opts.title,
    ...(opts.amount ? { amount: opts.amount } : { duration: opts.duration }),
  } as autocannon.Options);
}

async function main(): Promise<void> {
  const [{ benchSettings }, { openBenchDb }, { startChild }, { submitOrder }] = await Promise.all([
    import('./settings.ts'),
    import('./setup.ts'),
    import('./child.ts'),
    import('../../src/orders/submit.ts'),
  ]);
  const s = benchSettings();
  const products = int('BENCH_ORD_PRODUCTS', 20_000);
  const orders = int('BENCH_ORD_HTTP_ORDERS', 3000);
  const warmOrders = int('BENCH_ORD_HTTP_WARMUP_ORDERS', 400);
  const singleOrders = 300;
  const traceFile = `${os.tmpdir()}/kervan-bench-orders-http-${process.pid}.trace`;
  const only = (process.env.BENCH_ONLY ?? '').split(',').filter(Boolean);
  const want = (name: string) => !only.length || only.includes(name);
  console.log(`Kervan orders HTTP bench — Node ${process.version}, ${os.cpus().length} CPUs; ${s.connections} connections, app pool ${s.dbPoolSize}`);
  console.log(`load average at start: ${loadavg()} (1 / 5 / 15 min)`);

  section('Bench data');
  const root = await openBenchDb(s.databaseUrl, 8);
  const children: Array<Awaited<ReturnType<typeof startChild>>> = [];
  const rows: Row[] = [];
  try {
    const t0 = performance.now();
    const w = await setup(root, products);
    console.log(`${SLUG}: ${products} products, ${DEALERS} dealers × 2 signed-in buyers, shipping method, segment list + campaign — ${((performance.now() - t0) / 1000).toFixed(1)} s`);
    const t1 = performance.now();
    const prepared = want('submit') ? await prepareCarts(w, warmOrders + orders + singleOrders + 4 * s.connections + 2, 'o') : [];
    if (prepared.length) console.log(`${prepared.length} carts × ${LINES} lines prepared in the database with their expected totals in ${((performance.now() - t1) / 1000).toFixed(1)} s`);

    // The statements of one submission, submitOrder alone (the route adds its own around it).
    let oneSubmission: string[] = [];
    if (prepared.length) {
      const p = prepared.at(-1)!;
      const items = await w.db.selectFrom('cart_lines').select(['product_id', 'qty']).where('cart_id', '=', p.cartId).execute();
      capture = [];
      const r = await submitOrder(w.db, {
        tenantId: w.tenantId,
        timeZone: 'Europe/Istanbul',
        dealerId: p.dealer.dealerId,
        userId: p.dealer.submitter.userId,
        idempotencyKey: `capture-${process.pid}`,
        items: items.map((i) => ({ productId: i.product_id, qty: i.qty })),
        paymentMethod: 'open_account',
        shippingMethodId: w.shippingMethodId,
        shippingAddressId: p.dealer.addressId,
        expectedTotalGross: p.expected,
      });
      oneSubmission = capture;
      capture = null;
      if (r.kind !== 'created') throw new Error(`capture submission: ${JSON.stringify(r)}`);
      prepared.pop();
    }

    const started = await Promise.allSettled([
      startChild('floor', 'floor-server.ts', {}),
      startChild('app', 'orders-http.ts', {
        BENCH_ORD_HTTP_CHILD: '1',
        BENCH_ORD_HTTP_TRACE_FILE: traceFile,
      }),
    ]);
    for (const r of started) if (r.status === 'fulfilled') children.push(r.value);
    for (const r of started) if (r.status === 'rejected') throw r.reason;
    const floor = children.find((c) => c.name === 'floor')!;
    const app = children.find((c) => c.name === 'app')!;
    const host = `${SLUG}.localhost:${app.port}`;
    const formHeaders = (cookie: string, htmx: boolean): Record<string, string> => ({
      host,
      cookie,
      origin: `http://${host}`,
      'content-type': 'application/x-www-form-urlencoded',
      ...(htmx ? { 'hx-request': 'true' } : {}),
    });

    /** The statements the app sends for one request (SIGUSR2 around it). */
    const trace = async (send: () => Promise<unknown>): Promise<string[]> => {
      const pause = () => new Promise((r) => setTimeout(r, 200));
      rmSync(traceFile, { force: true });
      process.kill(app.pid, 'SIGUSR2');
      await pause();
      await send();
      process.kill(app.pid, 'SIGUSR2');
      for (let i = 0; i < 20 && !existsSync(traceFile); i++) await pause();
      return existsSync(traceFile) ? readFileSync(traceFile, 'utf8').split('\n') : ['(no trace)'];
    };
    const traces: Array<{ title: string; lines: string[] }> = [];

    const benchDbName = new URL(s.databaseUrl).pathname.slice(1);
    const measure = async (label: string, server: typeof app, requests: autocannon.Request[], o: { duration?: number; amount?: number; warmup?: () => Promise<unknown>; single?: () => Promise<autocannon.Result> }) => {
      if (o.warmup) await o.warmup();
      const loadBefore = loadavg();
      process.stdout.write(`  ${label} (load ${loadBefore}) … `);
      const before = await server.stats();
      const pgBefore = postgresCpuMs(benchDbName);
      const t = performance.now();
      const result = await run({ port: server.port, connections: s.connections, requests, duration: o.duration, amount: o.amount, title: label });
      const wallMicros = (performance.now() - t) * 1000;
      const after = await server.stats();
      const pgAfter = postgresCpuMs(benchDbName);
      console.log(`${Math.round(result.requests.average)} req/s, p99 ${result.latency.p99} ms`);
      const total = result.requests.total;
      const row: Row = {
        label,
        result,
        loadBefore,
        sqlPerRequest: total ? (after.dbCheckouts - before.dbCheckouts) / total : 0,
        cpuShare: (after.cpuMicros - before.cpuMicros) / wallMicros,
        pgCpuMsPerRequest: total ? cpuBetween(pgBefore, pgAfter) / total : 0,
      };
      if (o.single) row.single = await o.single();
      rows.push(row);
      return row;
    };

    section(`HTTP load (${s.connections} connections)`);
    if (want('floor')) {
      const probe = await get(floor.port, '/', { host: `${SLUG}.localhost:${floor.port}` });
      if (probe.status !== 200) throw new Error(`floor answered ${probe.status}`);
      const reqs = [{ method: 'GET', path: '/', headers: { host: `${SLUG}.localhost:${floor.port}` } }];
      await measure('floor / (node:http + pg, one SELECT)', floor, reqs, { duration: s.duration, warmup: () => run({ port: floor.port, connections: s.connections, requests: reqs, duration: s.warmup, title: 'warm' }) });
    }

    if (want('cart-add')) {
      const pairs = Array.from({ length: 5000 }, (_, i) => ({ dealer: w.dealers[i % w.dealers.length]!, productId: w.productIds[Math.floor(Math.random() * w.productIds.length)]! }));
      let k = 0;
      const nextAdd = (): DynamicRequest => {
        const p = pairs[k++ % pairs.length]!;
        return { method: 'POST', path: '/portal/carts/active/lines', headers: formHeaders(p.dealer.adder.cookie, true), body: `product_id=${p.productId}&qty=1` };
      };
      // Every buyer's first add creates the active cart: done here, outside the timing.
      for (const d of w.dealers) {
        const r = await post(app.port, '/portal/carts/active/lines', formHeaders(d.adder.cookie, true), `product_id=${w.productIds[0]}&qty=1`);
        if (r.status !== 200 || !r.body.includes(`atc-${w.productIds[0]}-status`) || !r.body.includes('cart-badge')) throw new Error(`cart add answered ${r.status}: ${r.body.slice(0, 300)}`);
      }
      traces.push({
        title: 'one cart add (fragment) over HTTP',
        lines: await trace(() => post(app.port, '/portal/carts/active/lines', formHeaders(w.dealers[1]!.adder.cookie, true), `product_id=${w.productIds[7]}&qty=2`)),
      });
      const reqs = dynamic(nextAdd);
      const before = await w.db.selectFrom('cart_lines').select(sql<string>`coalesce(sum(qty), 0)::text`.as('q')).executeTakeFirstOrThrow();
      const row = await measure(`cart add fragment (${w.dealers.length} sessions × random products)`, app, reqs, {
        duration: s.duration,
        warmup: () => run({ port: app.port, connections: s.connections, requests: reqs, duration: s.warmup, title: 'warm' }),
        single: () => run({ port: app.port, connections: 1, requests: reqs, duration: Math.max(2, Math.round(s.duration / 3)), title: 'single' }),
      });
      const after = await w.db.selectFrom('cart_lines').select(sql<string>`coalesce(sum(qty), 0)::text`.as('q')).executeTakeFirstOrThrow();
      row.extra = `${Number(after.q) - Number(before.q)} units added in all (incl. warm-up and 1-conn)`;
    }

    if (want('submit')) {
      // The confirm form, checked once against the real review page: same expected total.
      const check = prepared.pop()!;
      const reviewForm = new URLSearchParams(check.body);
      for (const k of ['key', 'expected']) reviewForm.delete(k);
      const review = await post(app.port, '/portal/orders/checkout/review', formHeaders(check.dealer.submitter.cookie, false), reviewForm.toString());
      const shown = /name="expected" value="(\d+)"/.exec(review.body)?.[1];
      if (review.status !== 200 || Number(shown) !== check.expected) throw new Error(`review page (${review.status}) shows expected ${shown}, bench computed ${check.expected}: ${review.body.slice(0, 300)}`);
      let first: Awaited<ReturnType<typeof post>> | undefined;
      const lines = await trace(async () => (first = await post(app.port, '/portal/orders/checkout/confirm', formHeaders(check.dealer.submitter.cookie, false), check.body)));
      traces.push({ title: 'one order confirm over HTTP (route + submitOrder)', lines });
      if (!first) throw new Error('confirm not sent');
      if (first.status !== 303 || !/^\/portal\/orders\/\d+$/.test(first.location ?? '')) throw new Error(`confirm answered ${first.status} ${first.location ?? ''}: ${first.body.slice(0, 300)}`);
      console.log(`  check: review page shows the expected total the bench computed (${shown}); confirm → 303 ${first.location}`);

      let k = 0;
      // One shared sequence: warm-up, measured, then one connection. Every connection builds its
      // next request ahead, so a run consumes up to `connections` carts it never sends: the
      // preparation leaves room for that, and nothing is ever sent twice.
      const queue = prepared;
      const nextOrder = (): DynamicRequest => {
        const p = queue[Math.min(k++, queue.length - 1)]!;
        return { method: 'POST', path: '/portal/orders/checkout/confirm', headers: formHeaders(p.dealer.submitter.cookie, false), body: p.body };
      };
      const reqs = dynamic(nextOrder);
      const countOrders = async () => Number((await w.db.selectFrom('orders').select(sql<string>`count(*)::text`.as('n')).executeTakeFirstOrThrow()).n);
      await run({ port: app.port, connections: s.connections, requests: reqs, amount: warmOrders, title: 'warm' });
      const before = await countOrders();
      const t = performance.now();
      const row = await measure(`order submission (confirm POST, ${LINES}-line carts)`, app, reqs, { amount: orders });
      const seconds = (performance.now() - t) / 1000;
      const created = (await countOrders()) - before;
      const sent = row.result.requests.total;
      const beforeSingle = await countOrders();
      row.single = await run({ port: app.port, connections: 1, requests: reqs, amount: Math.max(1, Math.min(singleOrders, queue.length - k - 2)), title: 'single' });
      const createdSingle = (await countOrders()) - beforeSingle;
      const codes = Object.entries(row.result.statusCodeStats ?? {})
        .map(([code, v]) => `${code}×${v.count}`)
        .join(' ');
      const rate = created / seconds;
      row.extra = `${created} orders created, ${sent - created} refused/not created of ${sent} sent (status ${codes}); ${rate.toFixed(0)} created orders/s over ${seconds.toFixed(1)} s; 1-conn: ${createdSingle} created`;
      row.target = 'p99 ≤ 100, ≥ 300 orders/s';
      row.verdict = [
        row.result.latency.p99 <= 100 ? 'p99 met' : `p99 missed (×${(row.result.latency.p99 / 100).toFixed(1)})`,
        rate >= 300 ? 'orders/s met' : `orders/s missed (${(rate / 300).toFixed(2)} of target)`,
      ].join('; ');
    }

    section('Results');
    const floorRow = rows.find((r) => r.label.startsWith('floor'));
    const table = [['route', 'req/s', 'p50 ms', 'p99 ms', 'max ms', 'errors', 'SQL stmts/req', 'app CPU', 'app CPU ms/req', 'PG CPU ms/req', '1-conn p50/p99 ms', '÷ floor', 'load before', 'target', 'verdict']];
    for (const r of rows) {
      const res = r.result;
      table.push([
        r.label,
        res.requests.average.toFixed(0),
        res.latency.p50.toFixed(1),
        res.latency.p99.toFixed(1),
        res.latency.max.toFixed(0),
        String(res.errors + res.timeouts),
        r.sqlPerRequest.toFixed(1),
        `${(r.cpuShare * 100).toFixed(0)}%`,
        res.requests.average ? ((r.cpuShare * 1000) / res.requests.average).toFixed(2) : '',
        r.pgCpuMsPerRequest.toFixed(2),
        r.single ? `${r.single.latency.p50.toFixed(1)} / ${r.single.latency.p99.toFixed(1)}` : '',
        floorRow && r !== floorRow ? (res.requests.average / floorRow.result.requests.average).toFixed(3) : '',
        r.loadBefore,
        r.target ?? '',
        r.verdict ?? '',
      ]);
    }
    const widths = table[0]!.map((_, i) => Math.max(...table.map((r) => r[i]!.length)));
    table.forEach((r, n) => {
      console.log(r.map((cell, i) => (i === 0 ? cell.padEnd(widths[i]!) : cell.padStart(widths[i]!))).join('  '));
      if (n === 0) console.log(widths.map((x) => '-'.repeat(x)).join('  '));
    });
    for (const r of rows) if (r.extra) console.log(`${r.label}: ${r.extra}`);
    console.log(
      [
        '',
        'req/s = mean of 1 s samples; p50/p99/max = latency of all responses; SQL stmts/req = every statement the app process sent to PostgreSQL (BEGIN/COMMIT included) per request.',
        'app CPU = app process CPU time / wall time (100% = one core); app CPU ms/req = that per request (Node only, PostgreSQL not included).',
        'PG CPU ms/req = CPU time of the PostgreSQL backends connected to the bench database during the run / requests (other databases on the same server excluded).',
        '1-conn = the same kind of requests over one connection afterwards (no queueing). ÷ floor = req/s of the route / req/s of the floor server.',
        `autocannon, the app, the floor and PostgreSQL share ${os.cpus().length} cores with whatever else runs on the machine.`,
      ].join('\n'),
    );
    for (const t of traces) {
      section(`Statements of ${t.title} (${t.lines.length})`);
      for (const q of t.lines) console.log(`  ${q.length > 150 ? `${q.slice(0, 150)}…` : q}`);
    }
    if (oneSubmission.length) {
      section(`Statements of one ${LINES}-line submission (submitOrder alone, ${oneSubmission.length})`);
      for (const q of oneSubmission) console.log(`  ${q.length > 150 ? `${q.slice(0, 150)}…` : q}`);
    }
  } finally {
    await Promise.all(children.map((c) => c.stop()));
    await root.destroy();
  }
}

if (IS_CHILD) {
  // The app, as serve-app.ts starts it, with dbCheckouts reporting statements instead of checkouts.
  const [{ loadConfig }, { openRuntime }, { startWeb }, { runAsChild }, { benchSettings }] = await Promise.all([
    import('../../src/config.ts'),
    import('../../src/runtime.ts'),
    import('../../src/web/start-web.ts'),
    import('./child.ts'),
    import('./settings.ts'),
  ]);
  // SIGUSR2 toggles capturing the statements sent (the parent traces one request of each route);
  // on the second signal they are written to BENCH_ORD_HTTP_TRACE_FILE.
  const traceFile = process.env.BENCH_ORD_HTTP_TRACE_FILE;
  if (traceFile) {
    const { writeFileSync } = await import('node:fs');
    process.on('SIGUSR2', () => {
      if (capture) {
        writeFileSync(traceFile, capture.join('\n'));
        capture = null;
      } else capture = [];
    });
  }
  await runAsChild(async () => {
    const s = benchSettings();
    const config = loadConfig({
      ...process.env,
      NODE_ENV: 'production',
      SESSION_SECRET: randomBytes(32).toString('hex'),
      DATABASE_URL: s.databaseUrl,
      REDIS_URL: s.redisUrl,
      BASE_DOMAIN: 'localhost',
      PUBLIC_SCHEME: 'http',
      LOG_LEVEL: 'silent',
      DB_POOL_SIZE: String(s.dbPoolSize),
    });
    const rt = await openRuntime(config, 'bench');
    const web = await startWeb(rt, 0);
    // A V8 CPU profile of the app over the whole run (open in Chrome DevTools or speedscope).
    const profDir = process.env.BENCH_CPU_PROF_DIR;
    const { Session } = await import('node:inspector');
    const inspector = profDir ? new Session() : null;
    const post = (method: string, params?: object) => new Promise<unknown>((res, rej) => inspector!.post(method, params ?? {}, (err, out) => (err ? rej(err) : res(out))));
    if (inspector) {
      inspector.connect();
      await post('Profiler.enable');
      await post('Profiler.setSamplingInterval', { interval: 200 });
      await post('Profiler.start');
    }
    return {
      port: web.port,
      dbCheckouts: () => statements,
      async close() {
        if (inspector) {
          const { profile } = (await post('Profiler.stop')) as { profile: unknown };
          const { writeFileSync } = await import('node:fs');
          writeFileSync(`${profDir}/app-${process.pid}.cpuprofile`, JSON.stringify(profile));
        }
        await web.close();
        await rt.close();
      },
    };
  });
} else {
  await main().then(
    () => process.exit(0),
    (err: unknown) => {
      console.error(err instanceof Error ? (err.stack ?? err.message) : err);
      process.exit(1);
    },
  );
}
