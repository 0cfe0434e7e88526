import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { createCategory } from '../../src/catalog/categories.ts';
import { adjustStock } from '../../src/stock/stock.ts';
import { product } from '../catalog/support.ts';
import { makeTestApp, formPost } from '../support/app.ts';
import { build, sessionCookie } from '../support/build.ts';
import { closeTestDb, makeTenant } from '../support/db.ts';

const test = suite('STK-1, STK-4 staff stock pages');
type T = Awaited<ReturnType<typeof makeTenant>>;
let app: Awaited<ReturnType<typeof makeTestApp>>;
let a: T;
let b: T;
const as: Record<string, { headers: Record<string, string> }> = {};
let vida: { id: number };
let conta: { id: number };
let panel: { id: number };

const withCookie = (role: keyof typeof as, init: RequestInit & { htmx?: boolean } = {}) => {
  const headers = new Headers(init.headers);
  headers.set('cookie', as[role]!.headers.cookie!);
  return { ...init, headers };
};

test.before(async () => {
  app = await makeTestApp();
  a = await makeTenant({ name: 'Stoklu Satıcı' });
  b = await makeTenant({ name: 'Öteki Satıcı' });
  const cat = await createCategory(a.db, { name: 'Bağlantı Elemanları' });
  vida = await product(a.db, { name: 'Paslanmaz Vida 4x40', sku: 'VD-4X40', barcode: '8690000000012', stock_qty: 50, min_stock: 10, category_id: cat.id });
  conta = await product(a.db, { name: 'Işık Contası', sku: 'CNT-77', stock_qty: 3, min_stock: 5, order_multiple: 12 });
  panel = await product(a.db, { name: 'LED Panel', sku: 'LED-1', stock_qty: 0, out_of_stock_behaviour: 'block' });
  await a.db.updateTable('products').set({ reserved_qty: 4 }).where('id', '=', panel.id).execute();
  await product(b.db, { name: 'Yabancı Ürün', sku: 'B-1', stock_qty: 9 });
  for (const role of ['warehouse', 'catalog_manager', 'sales_rep', 'finance'] as const) {
    const { user } = await build.staff(a.db, { role });
    as[role] = { headers: { cookie: await sessionCookie(a.db, user.id) } };
  }
  const dealer = await build.dealer(a.db);
  const { user: buyer } = await build.dealerUser(a.db, { dealerId: dealer.id, totp: false });
  as.dealer = { headers: { cookie: await sessionCookie(a.db, buyer.id) } };
  const { user: bStaff } = await build.staff(b.db, { role: 'warehouse' });
  as.bWarehouse = { headers: { cookie: await sessionCookie(b.db, bStaff.id) } };
});

test.after(async () => {
  await app.close();
  await closeTestDb();
});

test('who may open the stock pages: warehouse and catalog manager yes; dealer, sales rep, finance no', async () => {
  assert.is((await app.req(a.host, '/staff/stock', withCookie('warehouse'))).status, 200);
  assert.is((await app.req(a.host, '/staff/stock', withCookie('catalog_manager'))).status, 200);
  assert.is((await app.req(a.host, '/staff/stock/replenishment', withCookie('catalog_manager'))).status, 200);
  for (const role of ['dealer', 'sales_rep', 'finance'] as const) {
    assert.is((await app.req(a.host, '/staff/stock', withCookie(role))).status, 403, role);
    assert.is((await app.req(a.host, `/staff/stock/products/${vida.id}`, withCookie(role))).status, 403, role);
    const post = await app.req(a.host, `/staff/stock/products/${vida.id}/adjust`, withCookie(role, formPost(a.host, { mode: 'delta', qty: '5', reason: 'x' })));
    assert.is(post.status, 403, `${role} cannot adjust`);
  }
  assert.is((await app.req(a.host, '/staff/stock')).status, 303, 'signed out → login');
});

test('the levels list shows on hand, reserved, available, minimum and availability, with an inline adjust form', async () => {
  const html = await (await app.req(a.host, '/staff/stock', withCookie('warehouse'))).text();
  assert.match(html, 'VD-4X40');
  assert.match(html, /id="stock-row-\d+"/);
  const row = html.slice(html.indexOf(`id="stock-row-${panel.id}"`));
  assert.match(row, /data-col="on-hand">0</);
  assert.match(row, /data-col="reserved">4</);
  assert.match(row, /data-col="available">-4</);
  assert.match(html, `hx-post="/staff/stock/products/${vida.id}/adjust"`);
  assert.match(html, `hx-target="#stock-row-${vida.id}"`);
  assert.not.match(html, /<script>|style="/, 'no inline script or style (CSP)');
});

test('filters: text (Turkish letters), SKU prefix, barcode, category, low, out of stock, reservations; htmx gets the results fragment', async () => {
  const list = async (qs: string) => (await (await app.req(a.host, `/staff/stock?${qs}`, withCookie('warehouse'))).text());
  const has = (html: string, sku: string) => html.includes(`>${sku}</a>`);
  let html = await list('q=isik');
  assert.ok(has(html, 'CNT-77') && !has(html, 'VD-4X40'), 'isik finds Işık');
  html = await list('q=vd-4');
  assert.ok(has(html, 'VD-4X40') && !has(html, 'CNT-77'), 'SKU prefix');
  html = await list('q=08690000000012');
  assert.ok(has(html, 'VD-4X40') && !has(html, 'LED-1'), 'barcode as GTIN-14');
  const cat = (await a.db.selectFrom('categories').select('id').executeTakeFirstOrThrow()).id;
  html = await list(`category=${cat}`);
  assert.ok(has(html, 'VD-4X40') && !has(html, 'CNT-77'), 'category');
  html = await list('state=low');
  assert.ok(has(html, 'CNT-77') && !has(html, 'VD-4X40'), 'low stock');
  html = await list('state=out');
  assert.ok(has(html, 'LED-1') && !has(html, 'CNT-77'), 'out of stock');
  html = await list('state=reserved');
  assert.ok(has(html, 'LED-1') && !has(html, 'VD-4X40'), 'reservations');
  html = await list('q=yokboyleurun');
  assert.match(html, 'class="empty"');
  const frag = await app.req(a.host, '/staff/stock?q=vida', withCookie('warehouse', { htmx: true }));
  const fragHtml = await frag.text();
  assert.not.match(fragHtml, '<html');
  assert.match(fragHtml, 'id="stock-results"');
  assert.match(frag.headers.get('vary') ?? '', 'HX-Request');
});

test('keyset paging over many products', async () => {
  const c = await makeTenant();
  for (let i = 0; i < 55; i++) await product(c.db, { name: `Sayfa ${i}`, sku: `PG-${String(i).padStart(3, '0')}` });
  const { user } = await build.staff(c.db, { role: 'warehouse' });
  const init = { headers: { cookie: await sessionCookie(c.db, user.id) } };
  const first = await (await app.req(c.host, '/staff/stock', init)).text();
  assert.match(first, 'PG-049');
  assert.not.match(first, 'PG-050');
  const next = /href="(\/staff\/stock\?after=\d+)" rel="next"/.exec(first)?.[1];
  assert.ok(next);
  const second = await (await app.req(c.host, next!.replace(/&amp;/g, '&'), init)).text();
  assert.match(second, 'PG-050');
  assert.match(second, 'PG-054');
  assert.not.match(second, 'PG-049');
});

test('inline adjust: a change with a reason writes a movement and answers with the row; going negative is refused inline', async () => {
  const ok = await app.req(a.host, `/staff/stock/products/${vida.id}/adjust`, withCookie('warehouse', formPost(a.host, { mode: 'delta', qty: '-5', reason: 'hasarlı' }, { htmx: true })));
  assert.is(ok.status, 200);
  const okHtml = await ok.text();
  assert.match(okHtml, `<tr id="stock-row-${vida.id}"`);
  assert.match(okHtml, /data-col="on-hand">45</);
  assert.match(okHtml, 'VD-4X40: 50 → 45');
  const mv = await a.db.selectFrom('stock_movements').selectAll().where('product_id', '=', vida.id).orderBy('id', 'desc').executeTakeFirstOrThrow();
  assert.is(mv.delta, -5);
  assert.is(mv.source, 'manual');
  assert.is(mv.note, 'hasarlı');
  assert.ok(mv.user_id);

  const neg = await app.req(a.host, `/staff/stock/products/${conta.id}/adjust`, withCookie('warehouse', formPost(a.host, { mode: 'delta', qty: '-4', reason: 'çıkış' }, { htmx: true })));
  assert.is(neg.status, 422);
  const negHtml = await neg.text();
  assert.match(negHtml, 'role="alert"');
  assert.match(negHtml, 'Stok sıfırın altına inemez: stokta 3 var.');
  assert.match(negHtml, 'value="-4"', 'the input is kept');
  assert.is((await a.db.selectFrom('products').select('stock_qty').where('id', '=', conta.id).executeTakeFirstOrThrow()).stock_qty, 3);

  const noReason = await app.req(a.host, `/staff/stock/products/${conta.id}/adjust`, withCookie('warehouse', formPost(a.host, { mode: 'delta', qty: '2', reason: '' }, { htmx: true })));
  assert.is(noReason.status, 422);
  assert.match(await noReason.text(), 'Değişim için bir neden yazın.');
  const bad = await app.req(a.host, `/staff/stock/products/${conta.id}/adjust`, withCookie('warehouse', formPost(a.host, { mode: 'count', qty: '2,5', reason: '' }, { htmx: true })));
  assert.is(bad.status, 422);
});

test('a counted quantity sets the level (source count); a catalog manager may correct too; plain posts redirect back', async () => {
  const res = await app.req(a.host, `/staff/stock/products/${conta.id}/adjust`, withCookie('catalog_manager', formPost(a.host, { mode: 'count', qty: '7', reason: 'sayım' }, { htmx: true })));
  assert.is(res.status, 200);
  assert.match(await res.text(), 'CNT-77: 3 → 7');
  const mv = await a.db.selectFrom('stock_movements').selectAll().where('product_id', '=', conta.id).orderBy('id', 'desc').executeTakeFirstOrThrow();
  assert.is(mv.source, 'count');
  assert.is(mv.delta, 4);
  const plain = await app.req(a.host, `/staff/stock/products/${conta.id}/adjust`, withCookie('warehouse', formPost(a.host, { mode: 'count', qty: '3', reason: '' }, { headers: { referer: `http://${a.host}/staff/stock?state=low` } })));
  assert.is(plain.status, 303);
  assert.is(plain.headers.get('location'), '/staff/stock?state=low');
});

test('product stock page: levels, minimum edit, movement history with keyset paging', async () => {
  const p = await product(a.db, { name: 'Hareketli', sku: 'MV-1', stock_qty: 1000 });
  for (let i = 0; i < 55; i++) await adjustStock(a.db, p.id, -1, { source: 'manual', note: `hareket ${i}` });
  const html = await (await app.req(a.host, `/staff/stock/products/${p.id}`, withCookie('warehouse'))).text();
  assert.match(html, 'hareket 54');
  assert.not.match(html, 'hareket 4<');
  const next = /href="(\/staff\/stock\/products\/\d+\?before=\d+)" rel="next"/.exec(html)?.[1];
  assert.ok(next);
  const older = await (await app.req(a.host, next!, withCookie('warehouse'))).text();
  assert.match(older, 'hareket 0<');
  assert.not.match(older, 'hareket 54');

  const min = await app.req(a.host, `/staff/stock/products/${p.id}/min-stock`, withCookie('warehouse', formPost(a.host, { min_stock: '25' }, { htmx: true })));
  assert.is(min.status, 200);
  assert.match(await min.text(), 'En az stok 25 olarak kaydedildi.');
  assert.is((await a.db.selectFrom('products').select('min_stock').where('id', '=', p.id).executeTakeFirstOrThrow()).min_stock, 25);
  const badMin = await app.req(a.host, `/staff/stock/products/${p.id}/min-stock`, withCookie('warehouse', formPost(a.host, { min_stock: '-3' }, { htmx: true })));
  assert.is(badMin.status, 422);
  assert.match(await badMin.text(), 'value="-3"');

  const detail = await app.req(a.host, `/staff/stock/products/${p.id}/adjust`, withCookie('warehouse', formPost(a.host, { context: 'detail', mode: 'delta', qty: '+10', reason: 'iade' }, { htmx: true })));
  const detailHtml = await detail.text();
  assert.match(detailHtml, 'id="stock-levels-panel"');
  assert.match(detailHtml, /data-col="on-hand">955</);
});

test('without htmx a refused adjustment or minimum comes back on the product page beside its field, input kept', async () => {
  const p = await product(a.db, { name: 'Düz Form', sku: 'PLAIN-1', stock_qty: 5 });
  const adj = await app.req(a.host, `/staff/stock/products/${p.id}/adjust`, withCookie('warehouse', formPost(a.host, { mode: 'delta', qty: '-9', reason: 'kırık' }, { headers: { referer: `http://${a.host}/staff/stock` } })));
  assert.is(adj.status, 422);
  const adjHtml = await adj.text();
  assert.match(adjHtml, `id="adj-detail-${p.id}-qty"`);
  assert.match(adjHtml, 'value="-9"');
  assert.match(adjHtml, 'value="kırık"');
  assert.match(adjHtml, `id="adj-detail-${p.id}-error"`);
  assert.is((await a.db.selectFrom('products').select('stock_qty').where('id', '=', p.id).executeTakeFirstOrThrow()).stock_qty, 5);
  const min = await app.req(a.host, `/staff/stock/products/${p.id}/min-stock`, withCookie('warehouse', formPost(a.host, { min_stock: 'on' })));
  assert.is(min.status, 422);
  const minHtml = await min.text();
  assert.match(minHtml, /id="f-min-stock"[^>]*value="on"/);
  assert.match(minHtml, 'id="f-min-stock-error"');
  const ok = await app.req(a.host, `/staff/stock/products/${p.id}/min-stock`, withCookie('warehouse', formPost(a.host, { min_stock: '2' })));
  assert.is(ok.status, 303);
});

test('replenishment: what to order, rounded up to packages, sortable, CSV; empty state when nothing is short', async () => {
  const html = await (await app.req(a.host, '/staff/stock/replenishment', withCookie('warehouse'))).text();
  // conta: stock 3, min 5, multiple 12 → needs 2 → one multiple of 12. panel: stock 0, reserved 4 → 4.
  const contaRow = html.slice(html.indexOf(`id="replenish-${conta.id}"`));
  assert.match(contaRow.slice(0, 900), /data-col="suggested">\s*<strong>12<\/strong>/);
  const panelRow = html.slice(html.indexOf(`id="replenish-${panel.id}"`));
  assert.match(panelRow.slice(0, 900), /data-col="suggested">\s*<strong>4<\/strong>/);
  assert.not.match(html, `id="replenish-${vida.id}"`);
  assert.match(html, 'aria-sort="descending"');
  const bySku = await (await app.req(a.host, '/staff/stock/replenishment?sort=sku&dir=asc', withCookie('warehouse'))).text();
  assert.ok(bySku.indexOf('CNT-77') < bySku.indexOf('LED-1'));
  const byShortage = await (await app.req(a.host, '/staff/stock/replenishment?sort=shortage&dir=desc', withCookie('warehouse'))).text();
  assert.ok(byShortage.indexOf(`replenish-${conta.id}`) < byShortage.indexOf(`replenish-${panel.id}`));

  const csv = await app.req(a.host, '/staff/stock/replenishment/export.csv?sort=sku&dir=asc', withCookie('catalog_manager'));
  assert.is(csv.status, 200);
  assert.match(csv.headers.get('content-type') ?? '', 'text/csv');
  assert.match(csv.headers.get('content-disposition') ?? '', 'attachment');
  const text = await csv.text();
  const lines = text.replace(/^\uFEFF/, '').trim().split('\r\n');
  assert.is(lines[0], 'Stok kodu,Ürün,Barkod,Birim,Stok,Rezerve,Kullanılabilir,En az,Sipariş katı,Önerilen sipariş');
  assert.ok(lines.some((l) => l.startsWith('CNT-77,Işık Contası,')));
  assert.ok(lines.some((l) => l === 'LED-1,LED Panel,,adet,0,4,-4,0,1,4'));

  const empty = await app.req(b.host, '/staff/stock/replenishment', withCookie('bWarehouse'));
  const emptyHtml = await empty.text();
  assert.match(emptyHtml, 'Sipariş edilecek bir şey yok');
  assert.not.match(emptyHtml, 'CNT-77');
});

test('a formula in a product name does not run in a spreadsheet', async () => {
  const c = await makeTenant();
  await product(c.db, { name: '=HYPERLINK("http://x")', sku: 'FX-1', stock_qty: 0, min_stock: 1 });
  const { user } = await build.staff(c.db, { role: 'warehouse' });
  const text = await (await app.req(c.host, '/staff/stock/replenishment/export.csv', { headers: { cookie: await sessionCookie(c.db, user.id) } })).text();
  assert.match(text, `FX-1,"'=HYPERLINK(""http://x"")"`);
});

test("isolation: tenant A's product ids are 404 on B's host, and B's lists never show A's products", async () => {
  // Ids come from per-schema sequences: pick one of A's that B does not have.
  const ids = new Set((await b.db.selectFrom('products').select('id').execute()).map((r) => r.id));
  const target = [panel, conta, vida].find((p) => !ids.has(p.id))!;
  assert.ok(target);
  const before = (await a.db.selectFrom('products').select('stock_qty').where('id', '=', target.id).executeTakeFirstOrThrow()).stock_qty;
  assert.is((await app.req(b.host, `/staff/stock/products/${target.id}`, withCookie('bWarehouse'))).status, 404);
  const adj = await app.req(b.host, `/staff/stock/products/${target.id}/adjust`, withCookie('bWarehouse', formPost(b.host, { mode: 'delta', qty: '5', reason: 'x' }, { htmx: true })));
  assert.is(adj.status, 404);
  const count = await app.req(b.host, `/staff/stock/products/${target.id}/adjust`, withCookie('bWarehouse', formPost(b.host, { mode: 'count', qty: '5', reason: '' })));
  assert.is(count.status, 404);
  const min = await app.req(b.host, `/staff/stock/products/${target.id}/min-stock`, withCookie('bWarehouse', formPost(b.host, { min_stock: '1' })));
  assert.is(min.status, 404);
  // A's cookie on B's host is no session there.
  assert.is((await app.req(b.host, '/staff/stock', withCookie('warehouse'))).status, 303);
  const list = await (await app.req(b.host, '/staff/stock?q=vida', withCookie('bWarehouse'))).text();
  assert.not.match(list, 'VD-4X40');
  const all = await (await app.req(b.host, '/staff/stock', withCookie('bWarehouse'))).text();
  assert.match(all, 'B-1');
  assert.not.match(all, 'CNT-77');
  assert.is((await a.db.selectFrom('products').select('stock_qty').where('id', '=', target.id).executeTakeFirstOrThrow()).stock_qty, before, "B's attempts left A's stock alone");
  assert.is((await b.db.selectFrom('stock_movements').select('id').execute()).length, 0);
});

test('English when the browser asks for it', async () => {
  const init = { headers: { cookie: as.warehouse!.headers.cookie!, 'accept-language': 'en-GB,en;q=0.8' } };
  const html = await (await app.req(a.host, '/staff/stock', init)).text();
  assert.match(html, 'Stock levels');
  assert.match(html, 'Counted quantity');
  const repl = await (await app.req(a.host, '/staff/stock/replenishment', init)).text();
  assert.match(repl, 'Suggested order');
});

test('unknown or malformed ids are 404', async () => {
  for (const path of ['/staff/stock/products/999999999', '/staff/stock/products/abc', '/staff/stock/products/0']) {
    assert.is((await app.req(a.host, path, withCookie('warehouse'))).status, 404, path);
  }
});

test.run();
