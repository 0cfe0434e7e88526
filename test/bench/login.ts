/**
 * `npm run bench:login`: sign-in and session cost (IAM issue 3). A report, not a test — it
 * asserts nothing about timings.
 *
 * 1. hashPassword / verifyPassword alone, in this process.
 * 2. One bench tenant (`bench-iam`, in the bench database of settings.ts) with BENCH_LOGIN_USERS
 *    (200) buyers spread over 8 dealers, all with one argon2 hash of one password; made once,
 *    reused afterwards. Sessions and audit rows of earlier runs are removed first.
 * 3. The real app in a child process (serve-app.ts, via child.ts) loaded with autocannon:
 *    POST /login at BENCH_LOGIN_CONNECTIONS (16), rotating over every buyer; then, one request
 *    at a time and interleaved, wrong-password and unknown-user sign-ins against a good one;
 *    then GET / anonymous, GET / and GET /portal with a session cookie at BENCH_CONNECTIONS (32).
 *
 * Rate limiter (src/auth/rate-limit.ts), left as it is: only failures count, per account and per
 * IP (50 failures lock an IP). Successful sign-ins from 127.0.0.1 never add to the IP counter and
 * every buyer signs in successfully well under its own limit. The failed sign-ins are sent with
 * one X-Forwarded-For address each (198.18.0.0/15, the benchmarking range) to a child started with
 * TRUST_PROXY=1 — the configuration in which src/auth/request-info.ts trusts that header.
 */
import http from 'node:http';
import os from 'node:os';
import { randomBytes } from 'node:crypto';
import autocannon from 'autocannon';
import { sql } from 'kysely';
import { hashPassword, verifyPassword } from '../../src/auth/passwords.ts';
import { createSession } from '../../src/auth/sessions.ts';
import { createDealerUser } from '../../src/auth/users.ts';
import { migrateTenantSchema } from '../../src/db/migrate.ts';
import type { RootDb } from '../../src/db/pool.ts';
import { provisionTenant } from '../../src/tenancy/provision.ts';
import { assertSchemaName } from '../../src/tenancy/schema-name.ts';
import { tenantDb } from '../../src/tenancy/with-tenant.ts';
import { startChild, type ChildServer } from './child.ts';
import { benchSettings } from './settings.ts';
import { mapLimit, openBenchDb } from './setup.ts';

const SLUG = 'bench-iam';
const PASSWORD = 'Kervan-bench-parola-7391';
const DEALERS = 8;
const USERS = Number(process.env.BENCH_LOGIN_USERS ?? 200);
const LOGIN_CONNECTIONS = Number(process.env.BENCH_LOGIN_CONNECTIONS ?? 16);
const FAIL_SAMPLES = Number(process.env.BENCH_LOGIN_FAIL_SAMPLES ?? 40);
const HASH_SAMPLES = Number(process.env.BENCH_HASH_SAMPLES ?? 20);

const dealerCode = (d: number) => `BIAM${String(d + 1).padStart(3, '0')}`;
const buyerEmail = (d: number, n: number) => `alici-${d + 1}-${n + 1}@bench-iam.example`;

interface Buyer {
  id: number;
  code: string;
  email: string;
}

const section = (title: string) => console.log(`\n== ${title}`);
const f2 = (n: number) => n.toFixed(2);
const pct = (xs: number[], p: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))]!;
};
const form = (b: { code: string; email: string }, password: string) => new URLSearchParams({ code: b.code, email: b.email, password }).toString();

/** The bench tenant with its dealers and buyers; only what is missing is made. */
async function ensureIdentityTenant(db: RootDb): Promise<{ schema: string; name: string; buyers: Buyer[]; created: number; ms: number }> {
  const started = performance.now();
  let row = await db.selectFrom('tenants').select(['id', 'schema_name', 'display_name', 'status']).where('slug', '=', SLUG).executeTakeFirst();
  if (row && row.status !== 'active') {
    await sql`drop schema if exists ${sql.id(assertSchemaName(row.schema_name))} cascade`.execute(db);
    await db.deleteFrom('tenants').where('id', '=', row.id).execute();
    row = undefined;
  }
  let schema: string;
  let name: string;
  if (row) {
    schema = row.schema_name;
    name = row.display_name;
    await migrateTenantSchema(db, schema);
  } else {
    const t = await provisionTenant(db, { slug: SLUG, name: 'Bench Kimlik A.Ş.' });
    schema = t.schema;
    name = t.name;
  }
  const tdb = tenantDb(db, schema);
  // Earlier runs' sessions and audit rows would only make these tables grow run after run.
  await tdb.deleteFrom('sessions').execute();
  await tdb.deleteFrom('audit_log').execute();

  const dealerIds: number[] = [];
  for (let d = 0; d < DEALERS; d++) {
    const code = dealerCode(d);
    const found = await tdb.selectFrom('dealers').select('id').where('code', '=', code).executeTakeFirst();
    dealerIds.push(found?.id ?? (await tdb.insertInto('dealers').values({ code, company_name: `Bench Bayi ${d + 1} Ltd.` }).returning('id').executeTakeFirstOrThrow()).id);
  }
  const existing = new Map(
    (await tdb.selectFrom('users').select(['id', 'email']).where('kind', '=', 'dealer').where('dealer_id', 'in', dealerIds).execute()).map((u) => [u.email, u.id]),
  );
  const wanted = Array.from({ length: USERS }, (_, i) => ({ d: i % DEALERS, n: Math.floor(i / DEALERS) }));
  let created = 0;
  let passwordHash: string | undefined;
  const buyers = await mapLimit(wanted, 4, async ({ d, n }): Promise<Buyer> => {
    const email = buyerEmail(d, n);
    const id = existing.get(email);
    if (id) return { id, code: dealerCode(d), email };
    passwordHash ??= await hashPassword(PASSWORD);
    const u = await createDealerUser(tdb, { dealerId: dealerIds[d]!, email, name: `Alıcı ${d + 1}-${n + 1}`, role: 'buyer', passwordHash });
    created++;
    return { id: u.id, code: dealerCode(d), email };
  });
  return { schema, name, buyers, created, ms: performance.now() - started };
}

interface Reply {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: string;
  ms: number;
}

/** One request with an explicit Host (fetch cannot set it); `ms` is the time to the full body. */
function request(port: number, host: string, opts: { method?: string; path: string; headers?: Record<string, string>; body?: string }): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const req = http.request(
      { host: '127.0.0.1', port, method: opts.method ?? 'GET', path: opts.path, headers: { host, ...opts.headers }, timeout: 15_000 },
      (res) => {
        let body = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => (body += chunk));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body, ms: performance.now() - started }));
      },
    );
    req.on('timeout', () => req.destroy(new Error(`${opts.method ?? 'GET'} ${host}${opts.path} timed out`)));
    req.on('error', reject);
    req.end(opts.body);
  });
}

interface Load {
  label: string;
  result: autocannon.Result;
  sqlPerRequest: number;
  serverCpu: number;
}

async function load(app: ChildServer, label: string, requests: autocannon.Request[], connections: number, duration: number, warmup: number): Promise<Load> {
  process.stdout.write(`  ${label} … `);
  const opts = { url: `http://127.0.0.1:${app.port}`, connections, pipelining: 1, requests };
  if (warmup > 0) await autocannon({ ...opts, duration: warmup });
  const before = await app.stats();
  const started = performance.now();
  const result = await autocannon({ ...opts, duration, title: label });
  const wallMicros = (performance.now() - started) * 1000;
  const after = await app.stats();
  console.log(`${Math.round(result.requests.average)} req/s`);
  return {
    label,
    result,
    sqlPerRequest: result.requests.total ? (after.dbCheckouts - before.dbCheckouts) / result.requests.total : 0,
    serverCpu: (after.cpuMicros - before.cpuMicros) / wallMicros,
  };
}

function printLoads(loads: Load[], connections: number): void {
  const rows = [['route', 'conns', 'req/s', 'p50 ms', 'p99 ms', 'non-2xx', '3xx', '4xx+5xx', 'errors', 'SQL/req', 'srv CPU']];
  for (const l of loads) {
    const r = l.result;
    const codes = r.statusCodeStats ?? {};
    const count = (pred: (code: number) => boolean) => Object.entries(codes).reduce((n, [code, v]) => (pred(Number(code)) ? n + v.count : n), 0);
    rows.push([
      l.label,
      String(connections),
      r.requests.average.toFixed(0),
      f2(r.latency.p50),
      f2(r.latency.p99),
      String(r.non2xx),
      String(count((c) => c >= 300 && c < 400)),
      String(count((c) => c >= 400)),
      String(r.errors + r.timeouts),
      f2(l.sqlPerRequest),
      `${(l.serverCpu * 100).toFixed(0)}%`,
    ]);
  }
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => r[i]!.length)));
  rows.forEach((r, n) => {
    console.log(r.map((cell, i) => (i === 0 ? cell.padEnd(widths[i]!) : cell.padStart(widths[i]!))).join('  '));
    if (n === 0) console.log(widths.map((w) => '-'.repeat(w)).join('  '));
  });
}

async function main(): Promise<void> {
  const s = benchSettings();
  console.log(`Kervan login/session bench — Node ${process.version}, ${os.cpus().length} CPUs (${os.cpus()[0]?.model ?? '?'})`);
  console.log(`database ${s.databaseUrl}; ${s.duration} s per load (+${s.warmup} s warm-up); load average ${os.loadavg().map((n) => n.toFixed(2)).join(' / ')}`);

  section('argon2id alone (src/auth/passwords.ts, m=19456 KiB t=2 p=1), sequential in this process');
  const hashMs: number[] = [];
  const verifyMs: number[] = [];
  let sample = await hashPassword(PASSWORD); // first call loads the native module
  for (let i = 0; i < HASH_SAMPLES; i++) {
    let t = performance.now();
    sample = await hashPassword(PASSWORD);
    hashMs.push(performance.now() - t);
    t = performance.now();
    if (!(await verifyPassword(sample, PASSWORD))) throw new Error('verifyPassword rejected the password it just hashed');
    verifyMs.push(performance.now() - t);
  }
  const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
  console.log(`hashPassword:   ${f2(mean(hashMs))} ms/op mean, p50 ${f2(pct(hashMs, 50))} ms (${HASH_SAMPLES} ops)`);
  console.log(`verifyPassword: ${f2(mean(verifyMs))} ms/op mean, p50 ${f2(pct(verifyMs, 50))} ms (${HASH_SAMPLES} ops) → one core can verify ~${(1000 / mean(verifyMs)).toFixed(0)}/s`);

  section('Bench tenant');
  const db = await openBenchDb(s.databaseUrl, 4);
  let setup: Awaited<ReturnType<typeof ensureIdentityTenant>>;
  let tokens: string[];
  try {
    setup = await ensureIdentityTenant(db);
    // Sessions two minutes old: each gets its one last_seen_at touch on first use (in the warm-up),
    // after which validation should be the single joined select until a minute has passed.
    const tdb = tenantDb(db, setup.schema);
    const twoMinutesAgo = new Date(Date.now() - 2 * 60_000);
    tokens = await mapLimit(setup.buyers, 4, async (b) => (await createSession(tdb, b.id, { twoFactorVerified: false, now: twoMinutesAgo })).token);
  } finally {
    await db.destroy();
  }
  const { buyers } = setup;
  console.log(
    `${SLUG} (${setup.schema}): ${buyers.length} buyers (no 2FA) over ${DEALERS} dealers, ${setup.created} created now — setup ${setup.ms.toFixed(0)} ms; ` +
      `${tokens.length} sessions made with createSession`,
  );

  const app = await startChild('app', 'serve-app.ts', { TRUST_PROXY: '1' });
  try {
    const host = `${SLUG}.localhost:${app.port}`;
    const origin = `http://${host}`;
    const postHeaders = { origin, 'content-type': 'application/x-www-form-urlencoded' };

    // Never time an error page: one good sign-in must redirect to the portal with a session cookie.
    const probe = await request(app.port, host, { method: 'POST', path: '/login', headers: postHeaders, body: form(buyers[0]!, PASSWORD) });
    const cookie = String(probe.headers['set-cookie'] ?? '');
    if (probe.status !== 303 || probe.headers.location !== '/portal' || !cookie.includes('kv_session=')) {
      throw new Error(`POST /login answered ${probe.status} → ${probe.headers.location ?? '-'} (${cookie.slice(0, 40)}): ${probe.body.slice(0, 300)}`);
    }
    const portalProbe = await request(app.port, host, { path: '/portal', headers: { cookie: `kv_session=${tokens[0]!}` } });
    if (portalProbe.status !== 200 || !portalProbe.body.includes('Bench Bayi')) throw new Error(`GET /portal answered ${portalProbe.status}: ${portalProbe.body.slice(0, 300)}`);
    const landingProbe = await request(app.port, host, { path: '/' });
    if (landingProbe.status !== 200 || !landingProbe.body.includes(setup.name)) throw new Error(`GET / answered ${landingProbe.status}`);

    section(`POST /login (good password) at ${LOGIN_CONNECTIONS} connections`);
    const loginRequests = buyers.map((b) => ({ method: 'POST', path: '/login', headers: { host, ...postHeaders }, body: form(b, PASSWORD) }));
    const login = await load(app, 'POST /login (ok → 303)', loginRequests, LOGIN_CONNECTIONS, s.duration, s.warmup);
    printLoads([login], LOGIN_CONNECTIONS);
    console.log(
      `A successful sign-in answers 303 → /portal, so every one of them counts as non-2xx above; 4xx+5xx are the real failures.\n` +
        `Rate limiter untouched: only failures add to its counters, so ${buyers.length} buyers signing in successfully from 127.0.0.1 never reach ` +
        `the per-account delay (after 3 failures) or the per-IP lock (50 failures).\n` +
        `verifyPassword alone: ${f2(mean(verifyMs))} ms; login p50 / verify = ${f2(login.result.latency.p50 / mean(verifyMs))}; ` +
        `login req/s × verify ms = ${((login.result.requests.average * mean(verifyMs)) / 1000).toFixed(2)} cores busy with argon2 (of ${os.cpus().length}).`,
    );

    section(`Failed sign-ins, one request at a time (${FAIL_SAMPLES} of each, interleaved)`);
    // A fresh address per failure (TRUST_PROXY=1 in the child): the per-IP lock counts failures
    // per address, and this run must not inherit or leave a lock on 127.0.0.1.
    const runTag = randomBytes(2);
    const xff = (i: number) => `198.${18 + (runTag[0]! & 1)}.${runTag[1]!}.${i % 250}`;
    const okMs: number[] = [];
    const wrongMs: number[] = [];
    const unknownMs: number[] = [];
    const unknownTag = randomBytes(4).toString('hex');
    for (let i = 0; i < FAIL_SAMPLES; i++) {
      const b = buyers[(i * 7) % buyers.length]!; // one wrong password per buyer: far below its limit
      const steps: [number[], string, number, Record<string, string>][] = [
        [wrongMs, form(b, `${PASSWORD}-yanlis`), 422, { 'x-forwarded-for': xff(2 * i) }],
        [unknownMs, form({ code: b.code, email: `yok-${unknownTag}-${i}@bench-iam.example` }, PASSWORD), 422, { 'x-forwarded-for': xff(2 * i + 1) }],
        [okMs, form(buyers[(i * 7 + 3) % buyers.length]!, PASSWORD), 303, {}],
      ];
      // Rotate the order so no case always runs right after another.
      for (let k = 0; k < 3; k++) {
        const [into, body, want, extra] = steps[(i + k) % 3]!;
        const r = await request(app.port, host, { method: 'POST', path: '/login', headers: { ...postHeaders, ...extra }, body });
        if (r.status !== want) throw new Error(`a sign-in expected to answer ${want} answered ${r.status}: ${r.body.slice(0, 300)}`);
        into.push(r.ms);
      }
    }
    const wrong50 = pct(wrongMs, 50);
    const unknown50 = pct(unknownMs, 50);
    console.log(`wrong password (422):        p50 ${f2(wrong50)} ms, p99 ${f2(pct(wrongMs, 99))} ms`);
    console.log(`unknown e-mail (422):        p50 ${f2(unknown50)} ms, p99 ${f2(pct(unknownMs, 99))} ms  (verifies against the dummy hash)`);
    console.log(`good password (303), same loop: p50 ${f2(pct(okMs, 50))} ms`);
    console.log(`p50 unknown / wrong = ${f2(unknown50 / wrong50)}; p50 wrong / good = ${f2(wrong50 / pct(okMs, 50))}`);
    console.log(`(each failure carried its own X-Forwarded-For address in 198.18.0.0/15; the child runs with TRUST_PROXY=1, as behind our own proxy)`);

    section(`Pages at ${s.connections} connections (sessions rotate over ${tokens.length} buyers)`);
    const withSession = (path: string) => tokens.map((t) => ({ method: 'GET', path, headers: { host, cookie: `kv_session=${t}` } }));
    const anonymous = await load(app, 'GET / anonymous', [{ method: 'GET', path: '/', headers: { host } }], s.connections, s.duration, s.warmup);
    // autocannon starts every connection at the head of the list, so under load many connections
    // would hit one stale session at once and each would touch it. Two sequential passes instead
    // show the touch rule itself: the first finds every session 2+ min old (select + one update),
    // the second finds them just touched (the select alone). The loads below stay within the minute.
    const passes: number[] = [];
    for (let pass = 0; pass < 2; pass++) {
      const before = (await app.stats()).dbCheckouts;
      for (const t of tokens) {
        const r = await request(app.port, host, { path: '/', headers: { cookie: `kv_session=${t}` } });
        if (r.status !== 200) throw new Error(`GET / with a session answered ${r.status}`);
      }
      passes.push(((await app.stats()).dbCheckouts - before) / tokens.length);
    }
    console.log(`  sequential GET / with session over all ${tokens.length} sessions: first pass ${f2(passes[0]!)} pg checkouts/req (sessions 2+ min old), second pass ${f2(passes[1]!)}`);
    const pages = [
      anonymous,
      await load(app, 'GET / with session', withSession('/'), s.connections, s.duration, s.warmup),
      await load(app, 'GET /portal with session', withSession('/portal'), s.connections, s.duration, s.warmup),
    ];
    printLoads(pages, s.connections);
    const [anon, home, portal] = pages as [Load, Load, Load];
    console.log(
      [
        '',
        `session validation = (GET / with session) − (GET / anonymous): ${f2(home.sqlPerRequest - anon.sqlPerRequest)} pg checkouts/req ` +
          `(one joined select expected; each session's last_seen_at touch fell in the sequential passes above)`,
        `GET / with session vs anonymous: req/s ratio ${f2(home.result.requests.average / anon.result.requests.average)}, ` +
          `p50 ratio ${f2(home.result.latency.p50 / anon.result.latency.p50)}, p99 ratio ${f2(home.result.latency.p99 / anon.result.latency.p99)}`,
        `GET /portal vs anonymous /: req/s ratio ${f2(portal.result.requests.average / anon.result.requests.average)}, ` +
          `p50 ratio ${f2(portal.result.latency.p50 / anon.result.latency.p50)}, p99 ratio ${f2(portal.result.latency.p99 / anon.result.latency.p99)}, ` +
          `SQL/req ${f2(portal.sqlPerRequest)} vs ${f2(anon.sqlPerRequest)}`,
        'SQL/req = pg pool checkouts per request in the server (one per query outside a transaction); req/s = mean of 1 s samples.',
        `Load generator, server, PostgreSQL and Redis share ${os.cpus().length} cores.`,
      ].join('\n'),
    );
  } finally {
    await app.stop();
  }
}

main().then(
  () => process.exit(0),
  (err: unknown) => {
    console.error(err instanceof Error ? (err.stack ?? err.message) : err);
    process.exit(1);
  },
);
