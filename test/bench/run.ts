/**
 * `npm run bench`: a report, not a test — it asserts nothing about timings.
 *
 * 1. Bench database with N standing tenants (made on the first run, reused afterwards).
 * 2. Times provisioning of fresh tenants, a no-op re-migration of the standing tenants and a
 *    from-scratch migration of N empty schemas.
 * 3. Starts the real app (serve-app.ts) and a floor server (floor-server.ts), each in its own
 *    process, and loads them with autocannon from this process over 127.0.0.1.
 * 4. Prints req/s, p50/p99 latency, the app/floor ratios and the app's memory.
 *
 * Environment: BENCH_DURATION, BENCH_CONNECTIONS, BENCH_WARMUP, BENCH_TENANTS, BENCH_PRODUCTS,
 * BENCH_PROVISION_SAMPLES, BENCH_MIGRATE_CONCURRENCY, BENCH_DB_POOL_SIZE, BENCH_DATABASE_URL.
 */
import http from 'node:http';
import os from 'node:os';
import autocannon from 'autocannon';
import { startChild, type ChildServer, type ProcessStats } from './child.ts';
import { benchSettings, type BenchSettings } from './settings.ts';
import {
  ensureStandingTenants,
  openBenchDb,
  timeFreshMigration,
  timeNoopMigration,
  timeProvisioning,
  type BenchTenant,
  type MigrationTiming,
} from './setup.ts';

const ms = (n: number) => `${n.toFixed(0)} ms`;
const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(1)} MB`;
const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
};
const section = (title: string) => console.log(`\n== ${title}`);
const loadavg = () =>
  os
    .loadavg()
    .map((n) => n.toFixed(2))
    .join(' / ') + ' (1 / 5 / 15 min)';

/** One GET with an explicit Host header (fetch does not let the Host be set). */
function get(port: number, host: string, path: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = http.get({ host: '127.0.0.1', port, path, headers: { host }, timeout: 10_000 }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (body += chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    });
    req.on('timeout', () => req.destroy(new Error(`GET ${host}${path} timed out`)));
    req.on('error', reject);
  });
}

interface Case {
  server: ChildServer;
  route: string;
  path: string;
  /** What a correct response contains, checked once before the load so we never time a 404 page. */
  expect: string;
}

interface Measured {
  c: Case;
  result: autocannon.Result;
  bodyBytes: number;
  serverCpu: number;
  loadgenCpu: number;
  /** pg pool checkouts per completed request: how many queries the route runs. */
  sqlPerRequest: number;
}

async function measure(c: Case, tenants: BenchTenant[], s: BenchSettings): Promise<Measured> {
  const first = tenants[0]!;
  const probe = await get(c.server.port, `${first.slug}.localhost:${c.server.port}`, c.path);
  if (probe.status !== 200 || !probe.body.includes(c.expect)) {
    throw new Error(`${c.server.name} ${c.path} answered ${probe.status} without "${c.expect}": ${probe.body.slice(0, 300)}`);
  }
  // Every connection walks the whole list, so each request goes to the next tenant's host.
  const requests = tenants.map((t) => ({ method: 'GET', path: c.path, headers: { host: `${t.slug}.localhost:${c.server.port}` } }));
  const opts = { url: `http://127.0.0.1:${c.server.port}`, connections: s.connections, pipelining: 1, requests };
  if (s.warmup > 0) await autocannon({ ...opts, duration: s.warmup });

  const before = await c.server.stats();
  const genBefore = process.cpuUsage();
  const started = performance.now();
  const result = await autocannon({ ...opts, duration: s.duration, title: `${c.server.name} ${c.route}` });
  const wallMicros = (performance.now() - started) * 1000;
  const genCpu = process.cpuUsage(genBefore);
  const after = await c.server.stats();
  return {
    c,
    result,
    bodyBytes: Buffer.byteLength(probe.body),
    serverCpu: (after.cpuMicros - before.cpuMicros) / wallMicros,
    loadgenCpu: (genCpu.user + genCpu.system) / wallMicros,
    sqlPerRequest: result.requests.total ? (after.dbCheckouts - before.dbCheckouts) / result.requests.total : 0,
  };
}

function printTable(rows: string[][]): void {
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => r[i]!.length)));
  rows.forEach((r, n) => {
    console.log(r.map((cell, i) => (i < 2 ? cell.padEnd(widths[i]!) : cell.padStart(widths[i]!))).join('  '));
    if (n === 0) console.log(widths.map((w) => '-'.repeat(w)).join('  '));
  });
}

function printMigration(label: string, m: MigrationTiming, concurrency: number): void {
  console.log(
    `${label}: ${ms(m.ms)} for ${m.schemas} schemas (concurrency ${concurrency}; ` +
      `${(m.ms / m.schemas).toFixed(1)} ms per schema wall-clock; median ${ms(median(m.perSchemaMs))} per schema while overlapping)`,
  );
}

async function main(): Promise<void> {
  const s = benchSettings();
  console.log(`Kervan bench — Node ${process.version}, ${os.cpus().length} CPUs (${os.cpus()[0]?.model ?? '?'})`);
  console.log(`database ${s.databaseUrl}; ${s.tenants} tenants; load ${s.duration} s per route (+${s.warmup} s warm-up), ${s.connections} connections`);
  // Other work on the machine skews every figure below; the load average makes that visible.
  console.log(`load average at start: ${loadavg()}`);

  section('Database');
  const db = await openBenchDb(s.databaseUrl, s.migrateConcurrency + 1);
  let tenants: BenchTenant[];
  try {
    const standing = await ensureStandingTenants(db, s);
    tenants = standing.tenants;
    console.log(
      `standing tenants: ${tenants.length} (${standing.created} provisioned now, ${tenants.length - standing.created} reused), ` +
        `products seeded into ${standing.seeded} (${s.productsPerTenant} each) — setup ${ms(standing.ms)}`,
    );

    const provision = await timeProvisioning(db, s.provisionSamples);
    console.log(
      `provision one fresh tenant (row + schema + all tenant migrations, then dropped): median ${ms(median(provision))} ` +
        `(samples: ${provision.map((t) => t.toFixed(0)).join(', ')} ms)`,
    );

    const noop = await timeNoopMigration(db, s.migrateConcurrency);
    printMigration('migrateAllTenants, all already up to date (no-op: one batched read of the migration tables)', noop, s.migrateConcurrency);
  } finally {
    // Nothing of the orchestrator's own should be talking to PostgreSQL during the load.
    await db.destroy();
  }
  const fresh = await timeFreshMigration(s.migrateDatabaseUrl, s.tenants, s.migrateConcurrency);
  printMigration(
    `migrateAllTenants, ${fresh.schemas} empty schemas from scratch (${fresh.migrationsPerSchema} tenant migration(s) each, separate database)`,
    fresh,
    s.migrateConcurrency,
  );

  section(`HTTP load (load average now: ${loadavg()})`);
  const children: ChildServer[] = [];
  try {
    const started = await Promise.allSettled([startChild('floor', 'floor-server.ts', {}), startChild('app', 'serve-app.ts', {})]);
    for (const r of started) if (r.status === 'fulfilled') children.push(r.value);
    for (const r of started) if (r.status === 'rejected') throw r.reason;
    const [floor, app] = children as [ChildServer, ChildServer];
    const appIdle: ProcessStats = await app.stats();
    const cases: Case[] = [
      { server: floor, route: '/ (tenant host)', path: '/', expect: tenants[0]!.name },
      { server: app, route: '/ (tenant host)', path: '/', expect: tenants[0]!.name },
      { server: floor, route: '/healthz', path: '/healthz', expect: '"ok"' },
      { server: app, route: '/healthz', path: '/healthz', expect: '"ok"' },
    ];
    const results: Measured[] = [];
    for (const c of cases) {
      process.stdout.write(`  ${c.server.name} ${c.route} … `);
      const m = await measure(c, tenants, s);
      console.log(`${Math.round(m.result.requests.average)} req/s`);
      results.push(m);
    }
    const appLoaded = await app.stats();
    const floorLoaded = await floor.stats();

    section(`Results (${s.duration} s per route, ${s.connections} connections, Host rotating over ${tenants.length} tenants)`);
    const rows = [['server', 'route', 'req/s', 'p50 ms', 'p99 ms', 'non-2xx', 'errors', 'KB/resp', 'SQL/req', 'srv CPU', 'gen CPU', 'req/s app/floor', 'p99 app/floor']];
    for (const m of results) {
      const r = m.result;
      const floorRun = results.find((x) => x.c.server === floor && x.c.path === m.c.path);
      const isApp = m.c.server === app && floorRun;
      rows.push([
        m.c.server.name,
        m.c.route,
        r.requests.average.toFixed(0),
        r.latency.p50.toFixed(2),
        r.latency.p99.toFixed(2),
        String(r.non2xx),
        String(r.errors + r.timeouts),
        (m.bodyBytes / 1024).toFixed(1),
        m.sqlPerRequest.toFixed(2),
        `${(m.serverCpu * 100).toFixed(0)}%`,
        `${(m.loadgenCpu * 100).toFixed(0)}%`,
        isApp ? (r.requests.average / floorRun.result.requests.average).toFixed(2) : '',
        isApp ? (floorRun.result.latency.p99 > 0 ? (r.latency.p99 / floorRun.result.latency.p99).toFixed(2) : 'n/a') : '',
      ]);
    }
    printTable(rows);
    console.log(
      [
        '',
        'req/s = mean of 1 s samples; p50/p99 = latency of all responses; SQL/req = pg pool checkouts per request in the server.',
        'srv CPU = server process CPU time / wall time (100% = one core); gen CPU = the same for autocannon (this process).',
        `Load generator, server and PostgreSQL share ${os.cpus().length} cores: a gen CPU near 100% means that row's figure is a lower bound.`,
        'Ratios: req/s app/floor below 1 = app serves fewer; p99 app/floor above 1 = app is slower at the tail.',
      ].join('\n'),
    );

    section('Memory (RSS)');
    console.log(`app:   ${mb(appIdle.rssBytes)} after start, ${mb(appLoaded.rssBytes)} after load (peak ${mb(appLoaded.maxRssBytes)}, heap used ${mb(appLoaded.heapUsedBytes)})`);
    console.log(`floor: ${mb(floorLoaded.rssBytes)} after load (peak ${mb(floorLoaded.maxRssBytes)})`);
  } finally {
    await Promise.all(children.map((c) => c.stop()));
  }
}

main().then(
  () => process.exit(0),
  (err: unknown) => {
    console.error(err instanceof Error ? (err.stack ?? err.message) : err);
    process.exit(1);
  },
);
