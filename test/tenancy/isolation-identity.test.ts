import { randomBytes } from 'node:crypto';
import { sql } from 'kysely';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { hashToken } from '../../src/auth/tokens.ts';
import { diskStorage } from '../../src/dealers/storage.ts';
import { formPost, makeTestApp, type TestApp } from '../support/app.ts';
import { DEFAULT_PASSWORD, build, sessionCookie } from '../support/build.ts';
import { closeTestDb, makeTenant } from '../support/db.ts';

/**
 * IAM-12 / PLT-2: isolation of identity data — users, sessions, dealers, addresses, applications
 * and their documents — proven through the app: across tenants, across dealers of one tenant,
 * and across roles.
 */
const test = suite('Tenant and dealer isolation of identity data');
let t: TestApp;

const PDF = new TextEncoder().encode('%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n');

type Tenant = Awaited<ReturnType<typeof makeTenant>>;
type World = Awaited<ReturnType<typeof world>>;

/** A tenant with an owner, two dealers (X, Y) each with an admin, a buyer and a delivery address, and a submitted application with a document. */
async function world(x: Tenant, tag: string) {
  const { db } = x;
  const owner = await build.staff(db, { role: 'owner', name: `Owner ${tag}` });
  const dealerX = await build.dealer(db, { companyName: `${tag} X Ticaret` });
  const dealerY = await build.dealer(db, { companyName: `${tag} Y Ticaret` });
  const adminX = await build.dealerUser(db, { dealerId: dealerX.id, role: 'dealer_admin', name: `Admin ${tag}X`, email: `admin-${tag}x@dealer.example` });
  const buyerX = await build.dealerUser(db, { dealerId: dealerX.id, role: 'buyer', name: `Buyer ${tag}X`, email: `buyer-${tag}x@dealer.example` });
  const adminY = await build.dealerUser(db, { dealerId: dealerY.id, role: 'dealer_admin', name: `Admin ${tag}Y`, email: `admin-${tag}y@dealer.example` });
  const buyerY = await build.dealerUser(db, { dealerId: dealerY.id, role: 'buyer', name: `Buyer ${tag}Y`, email: `buyer-${tag}y@dealer.example` });
  const address = (dealerId: number, label: string) =>
    db.insertInto('addresses').values({ dealer_id: dealerId, kind: 'shipping', label, line1: `${label} Sk. 1`, city: 'İstanbul' }).returning('id').executeTakeFirstOrThrow();
  const addrX = await address(dealerX.id, `Depo ${tag}X`);
  const addrY = await address(dealerY.id, `Depo ${tag}Y`);
  const app = await db
    .insertInto('applications')
    .values({ public_token_hash: hashToken(randomBytes(24).toString('base64url')), status: 'submitted', company_name: `${tag} Başvuru A.Ş.`, email: `apply-${tag}@example.com`, submitted_at: new Date() })
    .returning('id')
    .executeTakeFirstOrThrow();
  const key = await diskStorage(t.deps.config.DATA_DIR).put(x.tenant.id, 'applications', PDF);
  const doc = await db
    .insertInto('application_documents')
    .values({ application_id: app.id, document_type: 'tax_certificate', original_name: `vergi-${tag}.pdf`, storage_key: key, mime: 'application/pdf', size: PDF.byteLength })
    .returning('id')
    .executeTakeFirstOrThrow();
  stored.push([x.tenant.id, key]);
  return {
    ...x,
    tag,
    owner: owner.user,
    dealerX,
    dealerY,
    adminX: adminX.user,
    buyerX: buyerX.user,
    adminY: adminY.user,
    buyerY: buyerY.user,
    addrX: addrX.id,
    addrY: addrY.id,
    appId: app.id,
    docId: doc.id,
    cookies: {
      owner: await sessionCookie(db, owner.user.id),
      ownerActingX: await sessionCookie(db, owner.user.id, { actingDealerId: dealerX.id }),
      adminX: await sessionCookie(db, adminX.user.id),
      buyerX: await sessionCookie(db, buyerX.user.id),
      adminY: await sessionCookie(db, adminY.user.id),
    },
  };
}

const stored: Array<[number, string]> = [];
let A: World;
let B: World;

test.before(async () => {
  t = await makeTestApp();
  const a = await makeTenant({ name: 'Anadolu Hırdavat' });
  const b = await makeTenant({ name: 'Boğaziçi Elektrik' });
  // A's ids start far above B's, so "A's id on B's host" can only be found by leaking across schemas.
  for (const seq of ['dealers_id_seq', 'users_id_seq', 'addresses_id_seq', 'applications_id_seq', 'application_documents_id_seq']) {
    await sql`select setval(${`${a.tenant.schema}.${seq}`}::regclass, 5000)`.execute(a.db);
  }
  A = await world(a, 'a');
  B = await world(b, 'b');
});
test.after(async () => {
  for (const [tenantId, key] of stored) await diskStorage(t.deps.config.DATA_DIR).remove(tenantId, key);
  await t.close();
  await closeTestDb();
});

const get = (w: World, path: string, cookie?: string) => t.req(w.host, path, cookie ? { headers: { cookie } } : {});
const post = (w: World, path: string, fields: Record<string, string>, cookie: string) => t.req(w.host, path, formPost(w.host, fields, { headers: { cookie } }));

test('controls: on its own host each tenant reaches its own rows', async () => {
  assert.is((await get(A, `/staff/dealers/${A.dealerX.id}`, A.cookies.owner)).status, 200);
  assert.is((await get(A, `/staff/applications/${A.appId}`, A.cookies.owner)).status, 200);
  const doc = await get(A, `/staff/applications/${A.appId}/documents/${A.docId}`, A.cookies.owner);
  assert.is(doc.status, 200);
  assert.is(doc.headers.get('content-type'), 'application/pdf');
  assert.is((await get(A, `/portal/users/${A.buyerX.id}`, A.cookies.adminX)).status, 200);
  assert.is((await get(A, `/portal/company/addresses/${A.addrX}/edit`, A.cookies.adminX)).status, 200);
  assert.is((await get(A, `/portal/users/${A.buyerX.id}`, A.cookies.ownerActingX)).status, 200);
  assert.is((await get(B, '/account', B.cookies.owner)).status, 200);
});

test("B's session cookies are useless on A's host: sent to sign in, and no row of B is seen", async () => {
  const cases: Array<[string, string, string]> = [
    [B.cookies.owner, '/staff/dealers', '/staff/login?next=%2Fstaff%2Fdealers'],
    [B.cookies.owner, '/account', '/login?next=%2Faccount'],
    [B.cookies.adminX, '/portal/users', '/login?next=%2Fportal%2Fusers'],
    [B.cookies.buyerX, '/portal', '/login?next=%2Fportal'],
    [B.cookies.ownerActingX, '/portal/company', '/login?next=%2Fportal%2Fcompany'],
  ];
  for (const [cookie, path, location] of cases) {
    const res = await get(A, path, cookie);
    assert.is(res.status, 303, path);
    assert.is(res.headers.get('location'), location, path);
    assert.ok(res.headers.getSetCookie().some((c) => /kv_session=;/.test(c)), `${path}: the foreign cookie is cleared`);
  }
  const sessionIds = Object.values(B.cookies).map((c) => c.split('=')[1]!.split('.')[0]!);
  assert.is((await A.db.selectFrom('sessions').select('id').where('id', 'in', sessionIds).execute()).length, 0, "B's sessions are not in A's schema");
  // A staff POST with B's cookie changes nothing on A.
  const res = await post(A, `/staff/dealers/${A.dealerX.id}/block`, { reason: 'x' }, B.cookies.owner);
  assert.is(res.status, 303);
  assert.is((await A.db.selectFrom('dealers').select('status').where('id', '=', A.dealerX.id).executeTakeFirstOrThrow()).status, 'active');
  // Still valid at home: the cookie was only refused, not someone else's to end.
  assert.is((await get(B, '/account', B.cookies.owner)).status, 200);
});

test("A's dealer, user, address, application and document ids are 404 on B's host, even for B's owner", async () => {
  // Preconditions: none of A's ids exist in B's schema.
  assert.is((await B.db.selectFrom('dealers').select('id').where('id', 'in', [A.dealerX.id, A.dealerY.id]).execute()).length, 0);
  assert.is((await B.db.selectFrom('users').select('id').where('id', 'in', [A.adminX.id, A.buyerX.id, A.buyerY.id]).execute()).length, 0);
  assert.is((await B.db.selectFrom('applications').select('id').where('id', '=', A.appId).execute()).length, 0);

  const staffPaths = [
    `/staff/dealers/${A.dealerX.id}`,
    `/staff/dealers/${A.dealerY.id}`,
    `/staff/applications/${A.appId}`,
    `/staff/applications/${A.appId}/documents/${A.docId}`,
    // B's own application with A's document id.
    `/staff/applications/${B.appId}/documents/${A.docId}`,
  ];
  for (const path of staffPaths) {
    const res = await get(B, path, B.cookies.owner);
    assert.is(res.status, 404, path);
    const body = await res.text();
    assert.not.match(body, /a X Ticaret|a Y Ticaret|a Başvuru|%PDF/, path);
  }
  for (const [path, fields] of [
    [`/staff/dealers/${A.dealerX.id}/block`, { reason: 'cross-tenant' }],
    [`/staff/applications/${A.appId}/rejection`, { reason: 'cross-tenant' }],
  ] as const) {
    assert.is((await post(B, path, fields, B.cookies.owner)).status, 404, path);
  }
  assert.is((await A.db.selectFrom('dealers').select('status').where('id', '=', A.dealerX.id).executeTakeFirstOrThrow()).status, 'active');
  assert.is((await A.db.selectFrom('applications').select('status').where('id', '=', A.appId).executeTakeFirstOrThrow()).status, 'submitted');

  // Portal pages on B: B's dealer admin, and B's owner acting for B's dealer X.
  for (const cookie of [B.cookies.adminX, B.cookies.ownerActingX]) {
    for (const path of [`/portal/users/${A.buyerX.id}`, `/portal/users/${A.adminX.id}`, `/portal/company/addresses/${A.addrX}/edit`]) {
      const res = await get(B, path, cookie);
      assert.is(res.status, 404, path);
      assert.not.match(await res.text(), /Buyer aX|Admin aX|Depo aX/, path);
    }
  }
  assert.is((await post(B, `/portal/users/${A.buyerX.id}/block`, { reason: 'cross-tenant' }, B.cookies.adminX)).status, 404);
  assert.is((await A.db.selectFrom('users').select('status').where('id', '=', A.buyerX.id).executeTakeFirstOrThrow()).status, 'active');
  // The lists on B show nothing of A.
  const list = await (await get(B, '/staff/dealers', B.cookies.owner)).text();
  assert.match(list, 'b X Ticaret');
  assert.not.match(list, 'a X Ticaret');
  const users = await (await get(B, '/portal/users', B.cookies.adminX)).text();
  assert.match(users, 'Buyer bX');
  assert.not.match(users, /Buyer aX|Admin aX/);
});

test("within one tenant, dealer X's admin gets 404 for dealer Y's user and address ids, and cannot change them", async () => {
  for (const path of [`/portal/users/${B.buyerY.id}`, `/portal/users/${B.adminY.id}`, `/portal/company/addresses/${B.addrY}/edit`]) {
    const res = await get(B, path, B.cookies.adminX);
    assert.is(res.status, 404, path);
    assert.not.match(await res.text(), /Buyer bY|Admin bY|Depo bY/, path);
  }
  assert.is((await post(B, `/portal/users/${B.buyerY.id}/block`, { reason: 'not mine' }, B.cookies.adminX)).status, 404);
  assert.is((await post(B, `/portal/users/${B.buyerY.id}/access`, { role: 'viewer' }, B.cookies.adminX)).status, 404);
  const addr = { label: 'Ele geçirildi', line1: 'Başka Sk. 2', city: 'Ankara', country: 'TR' };
  assert.is((await post(B, `/portal/company/addresses/${B.addrY}`, addr, B.cookies.adminX)).status, 404);
  // Control: the same form on X's own address is saved.
  assert.is((await post(B, `/portal/company/addresses/${B.addrX}`, { ...addr, label: 'Depo bX yeni' }, B.cookies.adminX)).status, 303);
  assert.is((await B.db.selectFrom('addresses').select('label').where('id', '=', B.addrX).executeTakeFirstOrThrow()).label, 'Depo bX yeni');
  const y = await B.db.selectFrom('users').select(['status', 'role']).where('id', '=', B.buyerY.id).executeTakeFirstOrThrow();
  assert.equal(y, { status: 'active', role: 'buyer' });
  const a = await B.db.selectFrom('addresses').select(['label', 'dealer_id']).where('id', '=', B.addrY).executeTakeFirstOrThrow();
  assert.equal(a, { label: 'Depo bY', dealer_id: B.dealerY.id });
  // Staff acting for X are held to X as well.
  assert.is((await get(B, `/portal/users/${B.buyerY.id}`, B.cookies.ownerActingX)).status, 404);
  assert.is((await get(B, `/portal/company/addresses/${B.addrY}/edit`, B.cookies.ownerActingX)).status, 404);
  // And a document is only found under its own application.
  const other = await B.db
    .insertInto('applications')
    .values({ public_token_hash: hashToken(randomBytes(24).toString('base64url')), status: 'submitted', company_name: 'Diğer', submitted_at: new Date() })
    .returning('id')
    .executeTakeFirstOrThrow();
  assert.is((await get(B, `/staff/applications/${other.id}/documents/${B.docId}`, B.cookies.owner)).status, 404);
});

test('a buyer gets 403 on staff pages and on the portal user management', async () => {
  const paths = [
    '/staff',
    '/staff/dealers',
    `/staff/dealers/${B.dealerX.id}`,
    '/staff/dealers/new',
    '/staff/applications',
    `/staff/applications/${B.appId}`,
    `/staff/applications/${B.appId}/documents/${B.docId}`,
    '/staff/team',
    '/staff/settings',
    '/staff/audit',
    '/staff/outbox',
    '/portal/users',
    `/portal/users/${B.buyerX.id}`,
  ];
  for (const path of paths) {
    const res = await get(B, path, B.cookies.buyerX);
    assert.is(res.status, 403, path);
    assert.not.match(await res.text(), '%PDF', path);
  }
  for (const [path, fields] of [
    [`/staff/dealers/${B.dealerY.id}/block`, { reason: 'buyer' }],
    [`/staff/applications/${B.appId}/approval`, {}],
    ['/portal/users', { name: 'Sızma', email: 'sizma@dealer.example', role: 'dealer_admin' }],
    [`/portal/users/${B.adminX.id}/block`, { reason: 'buyer' }],
  ] as const) {
    assert.is((await post(B, path, fields, B.cookies.buyerX)).status, 403, path);
  }
  assert.is((await B.db.selectFrom('users').select('id').where('email', '=', 'sizma@dealer.example').execute()).length, 0);
  assert.is((await B.db.selectFrom('dealers').select('status').where('id', '=', B.dealerY.id).executeTakeFirstOrThrow()).status, 'active');
});

test('a blocked user, or a user of a blocked dealer, cannot sign in: the same generic failure as a wrong password', async () => {
  const x = await makeTenant();
  const dealer = await build.dealer(x.db);
  const { user } = await build.dealerUser(x.db, { dealerId: dealer.id, email: 'engelli@dealer.example' });
  const login = (email: string, password: string, code = dealer.code) => t.req(x.host, '/login', formPost(x.host, { code, email, password }));
  const normalise = async (res: Response, email: string) => (await res.text()).replaceAll(email, 'EMAIL').replace(/name="_csrf"[^>]*/g, '');

  const wrong = await login('engelli@dealer.example', 'yanlis-parola-123456');
  assert.is(wrong.status, 422);
  const wrongBody = await normalise(wrong, 'engelli@dealer.example');

  const session = await sessionCookie(x.db, user.id);
  await x.db.updateTable('users').set({ status: 'blocked', blocked_reason: 'test' }).where('id', '=', user.id).execute();
  const blocked = await login('engelli@dealer.example', DEFAULT_PASSWORD);
  assert.is(blocked.status, 422);
  assert.ok(!blocked.headers.getSetCookie().some((c) => /kv_session=[^;]/.test(c)), 'no session cookie');
  const blockedBody = await normalise(blocked, 'engelli@dealer.example');
  assert.match(blockedBody, 'Bayi kodu, e-posta veya parola hatalı.');
  assert.is(blockedBody, wrongBody, 'a blocked account is not told apart from a wrong password');
  // The session from before the block is no good either.
  assert.is((await t.req(x.host, '/portal', { headers: { cookie: session } })).status, 303);

  // A user of a blocked dealer.
  const blockedDealer = await build.dealer(x.db, { status: 'blocked' });
  const other = await build.dealerUser(x.db, { dealerId: blockedDealer.id, email: 'kapali@dealer.example' });
  const res = await login(other.user.email, DEFAULT_PASSWORD, blockedDealer.code);
  assert.is(res.status, 422);
  assert.match(await res.text(), 'Bayi kodu, e-posta veya parola hatalı.');

  // Blocked staff.
  const staff = await build.staff(x.db, { email: 'engelli@seller.example' });
  await x.db.updateTable('users').set({ status: 'blocked' }).where('id', '=', staff.user.id).execute();
  const s = await t.req(x.host, '/staff/login', formPost(x.host, { email: 'engelli@seller.example', password: DEFAULT_PASSWORD }));
  assert.is(s.status, 422);
  assert.match(await s.text(), 'E-posta veya parola hatalı.');

  const reasons = (await x.db.selectFrom('audit_log').select('details').where('action', '=', 'login.failed').orderBy('id').execute()).map((r) => (r.details as { reason?: string }).reason);
  assert.equal(reasons, ['wrong_password', 'user_blocked', 'dealer_blocked', 'user_blocked']);
});

test.run();
