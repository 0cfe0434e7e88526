import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { ConfigError, loadConfig } from '../../src/config.ts';
import { Queues, createRedis } from '../../src/jobs/queues.ts';
import { createApp } from '../../src/app.ts';
import { formPost, makeTestApp, type TestApp } from '../support/app.ts';
import { staffCookie } from '../support/build.ts';
import { closeTestDb, makeTenant } from '../support/db.ts';

const test = suite('PLT-2 web app: headers, CSRF, language, health, errors');
let t: TestApp;
let host: string;
let cookie: string;

test.before(async () => {
  t = await makeTestApp();
  const tenant = await makeTenant({ name: 'Çağlar Yapı' });
  host = tenant.host;
  cookie = await staffCookie(tenant.db);
});

test('pages carry a CSP with script-src self and the usual security headers', async () => {
  const res = await t.req(host, '/');
  const csp = res.headers.get('content-security-policy') ?? '';
  assert.match(csp, "script-src 'self'");
  assert.match(csp, "frame-ancestors 'none'");
  assert.not.match(csp, 'unsafe-inline');
  assert.is(res.headers.get('x-content-type-options'), 'nosniff');
  assert.ok(res.headers.get('x-request-id'));
});

test('a cross-site form POST is refused; the same origin is accepted', async () => {
  const evil = await t.req(host, '/staff/outbox/test', formPost('evil.example', { to: 'x@y.example' }, { headers: { cookie } }));
  assert.is(evil.status, 403);
  const ok = await t.req(host, '/staff/outbox/test', formPost(host, { to: 'x@y.example' }, { headers: { cookie } }));
  assert.is(ok.status, 303);
  assert.is(ok.headers.get('location'), '/staff/outbox');
  // Another tenant's origin is cross-site too.
  const other = await t.req(host, '/staff/outbox/test', formPost('other.localhost', { to: 'x@y.example' }, { headers: { cookie } }));
  assert.is(other.status, 403);
});

test('language: Turkish by default, Accept-Language next, the cookie wins', async () => {
  assert.match(await (await t.req(host, '/')).text(), '<html lang="tr"');
  const en = await t.req(host, '/', { headers: { 'accept-language': 'en-GB,en;q=0.9' } });
  assert.match(await en.text(), '<html lang="en"');
  const cookie = await t.req(host, '/', { headers: { 'accept-language': 'en', cookie: 'lang=tr' } });
  assert.match(await cookie.text(), 'Bayi girişi');
});

test('the language switch sets a cookie and goes back only to a local path', async () => {
  const res = await t.req(host, '/lang/en?back=%2Fstaff%2Foutbox');
  assert.is(res.status, 303);
  assert.is(res.headers.get('location'), '/staff/outbox');
  assert.match(res.headers.get('set-cookie') ?? '', /lang=en/);
  for (const back of ['https://evil.example/', '//evil.example/', '/\\evil.example']) {
    const r = await t.req(host, `/lang/en?back=${encodeURIComponent(back)}`);
    assert.is(r.headers.get('location'), '/', back);
  }
  const bad = await t.req(host, '/lang/de?back=/');
  assert.not.match(bad.headers.get('set-cookie') ?? '', /lang=de/);
});

test('the base domain shows the platform home, not a tenant', async () => {
  const res = await t.req('localhost', '/');
  assert.is(res.status, 200);
  const html = await res.text();
  assert.match(html, 'Kervan');
  assert.match(html, 'href="/signup"');
  assert.not.match(html, 'Çağlar Yapı');
});

test('htmx requests get the fragment, full loads get the page, with Vary: HX-Request', async () => {
  const page = await t.req(host, '/staff/outbox', { headers: { cookie } });
  const fragment = await t.req(host, '/staff/outbox', { htmx: true, headers: { cookie } });
  assert.match(await page.text(), '<html');
  const body = await fragment.text();
  assert.not.match(body, '<html');
  assert.match(body, 'id="outbox-results"');
  assert.match(fragment.headers.get('vary') ?? '', 'HX-Request');
  const restore = await t.req(host, '/staff/outbox', { htmx: true, headers: { cookie, 'HX-History-Restore-Request': 'true' } });
  assert.match(await restore.text(), '<html');
});

test('healthz, readyz and metrics answer on any host', async () => {
  assert.equal(await (await t.req('whatever.example', '/healthz')).json(), { status: 'ok' });
  const ready = await t.req(host, '/readyz');
  assert.is(ready.status, 200);
  assert.equal(((await ready.json()) as { checks: unknown }).checks, { postgres: 'ok', redis: 'ok' });
  await t.req(host, '/');
  const metrics = await (await t.req('localhost', '/metrics')).text();
  assert.match(metrics, /kervan_http_requests_total\{method="GET",route="\/_tenant",status="200"\} \d+/);
  assert.match(metrics, 'kervan_http_request_duration_seconds_bucket');
  assert.match(metrics, /kervan_jobs\{queue="mail",state="waiting"\}/);
});

test('readyz is 503 and names Redis when Redis is unreachable', async () => {
  const redis = createRedis('redis://127.0.0.1:1', { lazyConnect: true, maxRetriesPerRequest: 0, enableOfflineQueue: false, retryStrategy: () => null });
  redis.on('error', () => undefined);
  const app = createApp({ ...t.deps, queues: new Queues(redis) });
  const res = await app.request('http://localhost/readyz');
  assert.is(res.status, 503);
  const body = (await res.json()) as { checks: Record<string, string> };
  assert.is(body.checks.postgres, 'ok');
  assert.is.not(body.checks.redis, 'ok');
  redis.disconnect();
});

test('static files are served with cache headers; htmx 4 comes from node_modules', async () => {
  const css = await t.req(host, '/static/css/app.css');
  assert.is(css.status, 200);
  assert.match(css.headers.get('cache-control') ?? '', 'max-age');
  const htmx = await t.req(host, '/static/htmx.min.js');
  assert.is(htmx.status, 200);
  assert.match(await htmx.text(), /htmx/);
  assert.is((await t.req(host, '/static/../package.json')).status, 404);
});

test('a 500 shows a reference but never a stack trace', async () => {
  const app = createApp(t.deps);
  app.get('/_tenant/boom', () => {
    throw new Error('secret internal detail');
  });
  const res = await app.request(`http://${host}/boom`);
  assert.is(res.status, 500);
  const html = await res.text();
  assert.not.match(html, 'secret internal detail');
  assert.not.match(html, 'at ');
  assert.match(html, /Hata kodu|Error reference/);
});

test('an unknown path on a tenant is a 404 page in the tenant frame', async () => {
  const res = await t.req(host, '/no/such/page');
  assert.is(res.status, 404);
  assert.match(await res.text(), 'Çağlar Yapı');
});

test('brand.css carries the seller colour and picks a readable text colour', async () => {
  const css = await (await t.req(host, '/brand.css')).text();
  assert.match(css, /--brand:#[0-9a-f]{6}/);
  assert.match(css, /--brand-contrast:#(000000|ffffff)/);
});

test('bad configuration stops with one line naming the variable', () => {
  const cases: Array<[Record<string, string>, RegExp]> = [
    [{ PORT: 'eighty' }, /^Configuration error: PORT /],
    [{ DATABASE_URL: 'mysql://x' }, /^Configuration error: DATABASE_URL must be a URL starting with postgres:/],
    [{ REDIS_URL: 'nope' }, /^Configuration error: REDIS_URL /],
    [{ BASE_DOMAIN: 'Bad Domain' }, /^Configuration error: BASE_DOMAIN /],
    [{ NODE_ENV: 'production' }, /SESSION_SECRET must be set/],
    [{ SESSION_SECRET: 'short' }, /SESSION_SECRET must be at least 32/],
  ];
  for (const [env, re] of cases) {
    try {
      loadConfig(env);
      assert.unreachable(JSON.stringify(env));
    } catch (err) {
      assert.instance(err, ConfigError);
      assert.match((err as Error).message, re);
      assert.not.match((err as Error).message, '\n');
    }
  }
  const ok = loadConfig({});
  assert.is(ok.PORT, 3000);
  assert.is(ok.DATABASE_URL, 'postgres://postgres@127.0.0.1:5432/kervan');
});

test.after(async () => {
  await t.close();
  await closeTestDb();
});
test.run();
