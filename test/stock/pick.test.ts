import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { parseScan, PickError } from '../../src/stock/pick.ts';
import { product } from '../catalog/support.ts';
import { formPost, makeTestApp } from '../support/app.ts';
import { build, sessionCookie } from '../support/build.ts';
import { closeTestDb, makeTenant } from '../support/db.ts';

const test = suite('STK-3 pick/pack scanning');
type T = Awaited<ReturnType<typeof makeTenant>>;
let app: Awaited<ReturnType<typeof makeTestApp>>;
let a: T;
let b: T;
let wh: string;
let catalog: string;
let bWh: string;
let vida: { id: number };
let upc: { id: number };

test.before(async () => {
  app = await makeTestApp();
  a = await makeTenant();
  b = await makeTenant();
  vida = await product(a.db, { name: 'Paslanmaz Vida', sku: 'VD-4X40', barcode: '8690000000012' });
  upc = await product(a.db, { name: 'UPC Ürün', sku: 'UP-1', barcode: '036000291452' });
  const { user } = await build.staff(a.db, { role: 'warehouse' });
  wh = await sessionCookie(a.db, user.id);
  const { user: cm } = await build.staff(a.db, { role: 'catalog_manager' });
  catalog = await sessionCookie(a.db, cm.id);
  const { user: bu } = await build.staff(b.db, { role: 'warehouse' });
  bWh = await sessionCookie(b.db, bu.id);
});

test.after(async () => {
  await app.close();
  await closeTestDb();
});

const post = (t: T, cookie: string, path: string, fields: Record<string, string>, htmx = true) => app.req(t.host, path, formPost(t.host, fields, { headers: { cookie }, htmx }));

async function newSession(reference = 'SIP-1001'): Promise<string> {
  const res = await post(a, wh, '/staff/stock/pick', { reference }, false);
  assert.is(res.status, 303);
  return res.headers.get('location')!;
}

const lineCount = async (sessionPath: string, productId: number) => {
  const id = Number(sessionPath.split('/').pop());
  return (await a.db.selectFrom('pick_lines').select('scanned_qty').where('session_id', '=', id).where('product_id', '=', productId).executeTakeFirst())?.scanned_qty ?? null;
};

test('scanner input: plain codes, "n*code", the quantity field; bad quantities refused', () => {
  assert.equal(parseScan('8690000000012', undefined), { code: '8690000000012', qty: 1 });
  assert.equal(parseScan(' 3*8690000000012 ', '1'), { code: '8690000000012', qty: 3 });
  assert.equal(parseScan('2 x vd-4x40', undefined), { code: 'vd-4x40', qty: 2 });
  assert.equal(parseScan('VD-4X40', '5'), { code: 'VD-4X40', qty: 5 });
  for (const [raw, qty] of [['', '1'], ['0*8690000000012', '1'], ['x', 'abc'], ['x', '10000']] as const) {
    try {
      parseScan(raw, qty);
      assert.unreachable(raw);
    } catch (err) {
      assert.instance(err, PickError);
    }
  }
});

test('the pick screen: a big autofocused scan input wired for htmx 4, only for warehouse staff', async () => {
  const path = await newSession();
  const res = await app.req(a.host, path, { headers: { cookie: wh } });
  assert.is(res.status, 200);
  const html = await res.text();
  assert.match(html, /<input id="scan-code" name="code" type="text" value="" autofocus=""/);
  assert.match(html, `hx-post="${path}/scans"`);
  assert.match(html, 'hx-target="#pick-panel"');
  assert.match(html, 'hx-swap="outerHTML"');
  assert.match(html, 'SIP-1001');
  assert.not.match(html, /<script>|style="|<audio/, 'no inline script or style, no sound');
  assert.is((await app.req(a.host, '/staff/stock/pick', { headers: { cookie: catalog } })).status, 403, 'catalog manager views stock but does not pick');
  assert.is((await post(a, catalog, `${path}/scans`, { code: '8690000000012' })).status, 403);
  const list = await (await app.req(a.host, '/staff/stock/pick', { headers: { cookie: wh } })).text();
  assert.match(list, 'SIP-1001');
  const stock = await (await app.req(a.host, '/staff/stock', { headers: { cookie: catalog } })).text();
  assert.not.match(stock, 'href="/staff/stock/pick"', 'no pick tab for those who may not pick');
});

test('each scan counts +1 and answers with the panel: fresh empty input, the line on top, an undo button', async () => {
  const path = await newSession();
  for (let i = 0; i < 3; i++) {
    const res = await post(a, wh, `${path}/scans`, { code: '8690000000012', qty: '1' });
    assert.is(res.status, 200);
    const html = await res.text();
    assert.not.match(html, '<html');
    assert.match(html, /^<div id="pick-panel"/);
    assert.match(html, 'autofocus');
    assert.match(html, 'value=""');
    assert.match(html, `+1 VD-4X40 — Paslanmaz Vida (toplam ${i + 1})`);
    assert.match(html, 'role="status"');
    assert.match(html, 'id="pick-undo"');
  }
  assert.is(await lineCount(path, vida.id), 3);
  // Multiples, GTIN-14 form of a UPC-A, SKU in lower case.
  assert.match(await (await post(a, wh, `${path}/scans`, { code: '3*8690000000012' })).text(), '(toplam 6)');
  await post(a, wh, `${path}/scans`, { code: '00036000291452' });
  assert.is(await lineCount(path, upc.id), 1, 'the UPC-A item found by its GTIN-14');
  await post(a, wh, `${path}/scans`, { code: 'vd-4x40', qty: '4' });
  assert.is(await lineCount(path, vida.id), 10);
});

test('an unknown or mistyped barcode gives a clear alert, counts nothing and clears the input', async () => {
  const path = await newSession();
  await post(a, wh, `${path}/scans`, { code: '8690000000012' });
  const unknown = await post(a, wh, `${path}/scans`, { code: '8690000000029' });
  assert.is(unknown.status, 422, 'htmx 4 swaps 4xx answers');
  const html = await unknown.text();
  assert.match(html, /role="alert"[^>]*>“8690000000029” bulunamadı/);
  assert.match(html, /id="scan-code"[^>]*value=""/);
  assert.match(html, 'aria-invalid="true"');
  const bad = await (await post(a, wh, `${path}/scans`, { code: '8690000000013' })).text();
  assert.match(bad, 'geçerli bir barkod değil (kontrol hanesi tutmuyor)');
  const empty = await (await post(a, wh, `${path}/scans`, { code: '   ' })).text();
  assert.match(empty, 'Bir barkod ya da stok kodu okutun.');
  assert.is(await lineCount(path, vida.id), 1, 'errors counted nothing');
  const plain = await post(a, wh, `${path}/scans`, { code: 'NOPE' }, false);
  assert.is(plain.status, 303, 'without htmx: back to the session with a flash');
});

test('undo the last scan, set a line count, zero removes the line, close makes it read-only', async () => {
  const path = await newSession();
  await post(a, wh, `${path}/scans`, { code: '8690000000012' });
  await post(a, wh, `${path}/scans`, { code: '5*8690000000012' });
  const undo = await post(a, wh, `${path}/undo`, { product_id: String(vida.id), qty: '5' });
  assert.is(undo.status, 200);
  assert.match(await undo.text(), 'Geri alındı: −5 VD-4X40');
  assert.is(await lineCount(path, vida.id), 1);
  const set = await post(a, wh, `${path}/lines/${vida.id}`, { count: '12' });
  assert.match(await set.text(), 'VD-4X40: adet 12');
  assert.is(await lineCount(path, vida.id), 12);
  const bad = await post(a, wh, `${path}/lines/${vida.id}`, { count: '-1' });
  assert.is(bad.status, 422);
  await post(a, wh, `${path}/lines/${vida.id}`, { count: '0' });
  assert.is(await lineCount(path, vida.id), null);
  await post(a, wh, `${path}/scans`, { code: '8690000000012' });
  const close = await post(a, wh, `${path}/close`, {}, false);
  assert.is(close.status, 303);
  const after = await post(a, wh, `${path}/scans`, { code: '8690000000012' });
  assert.is(after.status, 422);
  assert.match(await after.text(), 'Bu oturum kapatıldı');
  assert.is(await lineCount(path, vida.id), 1);
  const page = await (await app.req(a.host, path, { headers: { cookie: wh } })).text();
  assert.not.match(page, 'id="scan-code"');
  assert.match(page, 'yalnızca okunabilir');
});

test("isolation: A's session and product ids are 404 on B's host; a scan of A's barcode on B finds nothing", async () => {
  const path = await newSession('A-ONLY');
  const sessionId = Number(path.split('/').pop());
  const bSessions = new Set((await b.db.selectFrom('pick_sessions').select('id').execute()).map((r) => r.id));
  assert.not.ok(bSessions.has(sessionId));
  assert.is((await app.req(b.host, path, { headers: { cookie: bWh } })).status, 404);
  assert.is((await post(b, bWh, `${path}/scans`, { code: '8690000000012' })).status, 404);
  assert.is((await post(b, bWh, `${path}/close`, {}, false)).status, 404);
  const bPath = (await post(b, bWh, '/staff/stock/pick', { reference: 'B' }, false)).headers.get('location')!;
  const res = await post(b, bWh, `${bPath}/scans`, { code: '8690000000012' });
  assert.is(res.status, 422);
  assert.match(await res.text(), 'bulunamadı');
  assert.is((await post(b, bWh, `${bPath}/lines/${vida.id}`, { count: '3' })).status, 404);
  assert.is((await post(b, bWh, `${bPath}/undo`, { product_id: String(vida.id), qty: '1' })).status, 404);
  assert.is((await a.db.selectFrom('pick_sessions').select('status').where('id', '=', sessionId).executeTakeFirstOrThrow()).status, 'open');
});

test.run();
