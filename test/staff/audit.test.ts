import { sql } from 'kysely';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { writeAudit } from '../../src/auth/audit.ts';
import { makeTestApp, type TestApp } from '../support/app.ts';
import { build, sessionCookie, staffCookie } from '../support/build.ts';
import { closeTestDb, makeTenant } from '../support/db.ts';

const test = suite('IAM-12 audit log page');
let t: TestApp;
let A: Awaited<ReturnType<typeof makeTenant>>;
let B: Awaited<ReturnType<typeof makeTenant>>;
let cookie: string;
let actorId: number;
let supportId: number;

test.before(async () => {
  t = await makeTestApp();
  A = await makeTenant({ name: 'Denetim Satıcı A.Ş.' });
  B = await makeTenant();
  const { user } = await build.staff(A.db, { role: 'finance', name: 'Filiz Finans' });
  actorId = user.id;
  cookie = await sessionCookie(A.db, user.id);
  const { user: support } = await build.staff(A.db, { role: 'support_agent', name: 'Sena Destek' });
  supportId = support.id;
  const dealer = await build.dealer(A.db, { companyName: 'Yıldız Hırdavat' });
  await writeAudit(A.db, { action: 'login.ok', actorUserId: actorId, actorLabel: 'Filiz Finans <f@x>', ip: '10.0.0.1' });
  await writeAudit(A.db, { action: 'order.placed', actorUserId: supportId, actorLabel: 'Yıldız Hırdavat alıcı', impersonatorUserId: supportId, dealerId: dealer.id, details: { total: 'TRY 1.250,00' } });
  for (let i = 0; i < 60; i++) await writeAudit(A.db, { action: 'login.failed', actorLabel: `deneme-${i}@x.example`, ip: '203.0.113.9' });
  await sql`update ${sql.id(A.tenant.schema, 'audit_log')} set at = '2020-01-15 12:00:00+03' where action = 'login.ok'`.execute(A.db);
  await writeAudit(B.db, { action: 'login.ok', actorLabel: 'B tenant secret person' });
});
test.after(async () => {
  await t.close();
  await closeTestDb();
});

const get = (path: string, htmx = false) => t.req(A.host, path, { headers: { cookie }, htmx });

test('the audit page lists entries newest first with keyset pagination', async () => {
  const res = await get('/staff/audit');
  assert.is(res.status, 200);
  const html = await res.text();
  const rows: string[] = html.match(/id="audit-\d+"/g) ?? [];
  assert.is(rows.length, 50);
  const next = /href="(\/staff\/audit\?before=\d+)"/.exec(html)?.[1];
  assert.ok(next);
  const page2 = await (await get(next!.replace(/&amp;/g, '&'))).text();
  const rows2: string[] = page2.match(/id="audit-\d+"/g) ?? [];
  assert.ok(rows2.length >= 12);
  assert.not.ok(rows2.some((r) => rows.includes(r)), 'no entry on both pages');
  assert.not.match(html + page2, /B tenant secret person/);
});

test('filters by action, actor, date range and text; shows the impersonator', async () => {
  const byAction = await (await get('/staff/audit?action=order.placed', true)).text();
  assert.is((byAction.match(/id="audit-\d+"/g) ?? []).length, 1);
  assert.match(byAction, /Sena Destek/);
  assert.match(byAction, /Yıldız Hırdavat/);
  assert.not.match(byAction, /<html/, 'htmx gets the fragment');

  const byActor = await (await get(`/staff/audit?actor=${actorId}`)).text();
  assert.is((byActor.match(/id="audit-\d+"/g) ?? []).length, 1);
  assert.match(byActor, /login\.ok/);

  const dated = await (await get('/staff/audit?from=2020-01-15&to=2020-01-15')).text();
  assert.is((dated.match(/id="audit-\d+"/g) ?? []).length, 1);
  const outside = await (await get('/staff/audit?from=2020-01-16&to=2020-01-20')).text();
  assert.is((outside.match(/id="audit-\d+"/g) ?? []).length, 0);

  const text = await (await get('/staff/audit?q=deneme-42')).text();
  assert.is((text.match(/id="audit-\d+"/g) ?? []).length, 1);
  const byIp = await (await get('/staff/audit?q=203.0.113.9&action=login.failed')).text();
  assert.is((byIp.match(/id="audit-\d+"/g) ?? []).length, 50);
  const garbage = await get('/staff/audit?from=not-a-date&actor=abc&before=-1');
  assert.is(garbage.status, 200);
});

test('roles without audit.read get 403', async () => {
  for (const role of ['sales_rep', 'warehouse', 'catalog_manager', 'support_agent'] as const) {
    assert.is((await t.req(A.host, '/staff/audit', { headers: { cookie: await staffCookie(A.db, role) } })).status, 403, role);
  }
});

test.run();
