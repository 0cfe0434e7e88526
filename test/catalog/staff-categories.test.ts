import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { createCategory } from '../../src/catalog/categories.ts';
import { A, B, dealer, get, manager, managerB, onB, post, postB, product, staffCatalogSuite, warehouse } from './support.ts';

const test = suite('CAT-1 staff category tree');
const BASE = '/staff/catalog/categories';

staffCatalogSuite(test, { a: 'Kategori Satıcı', b: 'Diğer Satıcı', bRole: 'owner' });

const cat = (slug: string) => A.db.selectFrom('categories').selectAll().where('slug', '=', slug).executeTakeFirst();
const siblings = async (parentId: number | null) =>
  (await A.db.selectFrom('categories').select('slug').where('parent_id', parentId === null ? 'is' : '=', parentId).orderBy('position').orderBy('id').execute()).map((r) => r.slug);

test('only catalog managers: dealers and warehouse staff get 403 on the page and on every action', async () => {
  assert.is((await get(BASE, dealer)).status, 403);
  assert.is((await get(BASE, warehouse)).status, 403);
  assert.is((await post(BASE, { name: 'Depo' }, warehouse)).status, 403);
  assert.is(await cat('depo'), undefined);
  const res = await get(BASE, manager);
  assert.is(res.status, 200);
  assert.match(await res.text(), 'id="new-category"');
});

test('create: the slug comes from the Turkish name; a typed slug is validated; a taken slug under the same parent is refused', async () => {
  const res = await post(BASE, { name: 'Işık & Aydınlatma', slug: '', description: 'Lambalar' }, manager);
  assert.is(res.status, 303);
  const c = (await cat('isik-aydinlatma'))!;
  assert.ok(c, 'slugified');
  assert.is(c.description, 'Lambalar');
  const bad = await post(BASE, { name: 'El Aletleri', slug: 'El Aletleri!' }, manager);
  assert.is(bad.status, 422);
  const html = await bad.text();
  assert.match(html, /id="f-slug-error"[^>]*>[^<]*küçük harf/);
  assert.match(html, 'value="El Aletleri"', 'typed name kept');
  const dup = await post(BASE, { name: 'Işık Aydınlatma' }, manager);
  assert.is(dup.status, 422);
  assert.match(await dup.text(), /zaten kullanılıyor/);
  const child = await post(BASE, { name: 'Işık Aydınlatma', slug: 'isik-aydinlatma', parent_id: String(c.id) }, manager);
  assert.is(child.status, 303, 'same slug under another parent is fine');
  const empty = await post(BASE, { name: '' }, manager);
  assert.is(empty.status, 422);
  const audit = await A.db.selectFrom('audit_log').select('action').where('action', '=', 'category.created').execute();
  assert.is(audit.length, 2);
});

test('up/down ordering among siblings; the first cannot go further up', async () => {
  const root = await createCategory(A.db, { name: 'Sıralama' });
  for (const n of ['Bir', 'İki', 'Üç']) await createCategory(A.db, { name: n, parentId: root.id });
  assert.equal(await siblings(root.id), ['bir', 'iki', 'uc']);
  const uc = (await cat('uc'))!;
  assert.is((await post(`${BASE}/${uc.id}/order`, { direction: 'up' }, manager)).status, 303);
  assert.equal(await siblings(root.id), ['bir', 'uc', 'iki']);
  assert.is((await post(`${BASE}/${uc.id}/order`, { direction: 'up' }, manager)).status, 303);
  assert.equal(await siblings(root.id), ['uc', 'bir', 'iki']);
  assert.is((await post(`${BASE}/${uc.id}/order`, { direction: 'up' }, manager)).status, 303);
  assert.equal(await siblings(root.id), ['uc', 'bir', 'iki'], 'already first');
  const bir = (await cat('bir'))!;
  await post(`${BASE}/${bir.id}/order`, { direction: 'down' }, manager);
  assert.equal(await siblings(root.id), ['uc', 'iki', 'bir']);
  assert.is((await post(`${BASE}/${bir.id}/order`, { direction: 'sideways' }, manager)).status, 400);
  const page = await (await get(BASE, manager)).text();
  assert.ok(page.indexOf('>Üç<') < page.indexOf('>İki<') && page.indexOf('>İki<') < page.indexOf('>Bir<'), 'tree shows the new order');
});

test('moving a subtree: under a descendant is refused with a message; under another branch works and keeps the children', async () => {
  const top = await createCategory(A.db, { name: 'Yapı' });
  const mid = await createCategory(A.db, { name: 'Boya', parentId: top.id });
  const leaf = await createCategory(A.db, { name: 'İç Cephe', parentId: mid.id });
  const other = await createCategory(A.db, { name: 'Hırdavat' });
  const cycle = await post(`${BASE}/${top.id}/move`, { parent_id: String(leaf.id) }, manager);
  assert.is(cycle.status, 422);
  assert.match(await cycle.text(), /kendi altına/);
  const self = await post(`${BASE}/${top.id}/move`, { parent_id: String(top.id) }, manager);
  assert.is(self.status, 422);
  assert.is((await cat('yapi'))!.parent_id, null, 'unchanged');
  const edit = await (await get(`${BASE}/${top.id}`, manager)).text();
  assert.not.match(edit, new RegExp(`<option value="${leaf.id}"`), 'descendants are not offered as parents');
  const ok = await post(`${BASE}/${mid.id}/move`, { parent_id: String(other.id) }, manager);
  assert.is(ok.status, 303);
  assert.is((await cat('boya'))!.parent_id, other.id);
  assert.is((await cat('ic-cephe'))!.parent_id, mid.id, 'the subtree comes along');
  assert.is((await post(`${BASE}/${mid.id}/move`, { parent_id: '' }, manager)).status, 303);
  assert.is((await cat('boya'))!.parent_id, null, 'moved to the top level');
  assert.is((await post(`${BASE}/${mid.id}/move`, { parent_id: '99999999' }, manager)).status, 422);
});

test('a move refused for a clashing slug keeps the chosen parent selected beside the error', async () => {
  const from = await createCategory(A.db, { name: 'Kaynak Dal' });
  const to = await createCategory(A.db, { name: 'Hedef Dal' });
  await createCategory(A.db, { name: 'Vana', slug: 'vana', parentId: to.id });
  const moving = await createCategory(A.db, { name: 'Vana', slug: 'vana', parentId: from.id });
  const res = await post(`${BASE}/${moving.id}/move`, { parent_id: String(to.id) }, manager);
  assert.is(res.status, 422);
  const html = await res.text();
  const select = /<select id="f-parent_id"[\s\S]*?<\/select>/.exec(html)?.[0] ?? '';
  assert.match(select, new RegExp(`<option value="${to.id}" selected`), 'the chosen parent stays selected');
  assert.not.match(select, new RegExp(`<option value="${from.id}" selected`));
  assert.match(html, 'id="f-parent_id-error"');
  assert.is((await A.db.selectFrom('categories').select('parent_id').where('id', '=', moving.id).executeTakeFirstOrThrow()).parent_id, from.id, 'not moved');
});

test('rename, description and active toggle; product counts shown; delete only when empty with a clear message', async () => {
  const c = await createCategory(A.db, { name: 'Bahçe' });
  const sub = await createCategory(A.db, { name: 'Sulama', parentId: c.id });
  const p = await product(A.db, { name: 'Hortum 20 m', category_id: sub.id });
  await product(A.db, { name: 'Hortum 50 m', category_id: sub.id });
  const tree = await (await get(BASE, manager)).text();
  assert.match(tree, /0 ürün \(alt kategorilerle 2\)/);
  assert.match(tree, />2 ürün</);
  const saved = await post(`${BASE}/${c.id}`, { name: 'Bahçe ve Sulama', slug: 'bahce-sulama', description: 'Her şey', active: '' }, manager);
  assert.is(saved.status, 303);
  const after = (await cat('bahce-sulama'))!;
  assert.is(after.name, 'Bahçe ve Sulama');
  assert.is(after.active, false);
  const badSlug = await post(`${BASE}/${c.id}`, { name: 'x', slug: '-x-' }, manager);
  assert.is(badSlug.status, 422);

  const hasChildren = await post(`${BASE}/${c.id}/delete`, {}, manager);
  assert.is(hasChildren.status, 422);
  assert.match(await hasChildren.text(), /alt kategorileri var/);
  const hasProducts = await post(`${BASE}/${sub.id}/delete`, {}, manager);
  assert.is(hasProducts.status, 422);
  assert.match(await hasProducts.text(), /Bu kategoride 2 ürün var/);
  assert.ok(await cat('sulama'), 'still there');
  await A.db.deleteFrom('products').where('category_id', '=', sub.id).execute();
  void p;
  assert.is((await post(`${BASE}/${sub.id}/delete`, {}, manager)).status, 303);
  assert.is(await cat('sulama'), undefined);
  const audit = await A.db.selectFrom('audit_log').select('details').where('action', '=', 'category.deleted').executeTakeFirstOrThrow();
  assert.is((audit.details as { slug: string }).slug, 'sulama');
});

test("isolation: A's category ids are 404 on B's host for every action", async () => {
  const c = (await cat('bahce-sulama'))!;
  assert.is((await onB(`${BASE}/${c.id}`, managerB)).status, 404);
  assert.is((await postB(`${BASE}/${c.id}`, { name: 'x', slug: 'x' }, managerB)).status, 404);
  assert.is((await postB(`${BASE}/${c.id}/move`, { parent_id: '' }, managerB)).status, 404);
  assert.is((await postB(`${BASE}/${c.id}/order`, { direction: 'up' }, managerB)).status, 404);
  assert.is((await postB(`${BASE}/${c.id}/delete`, {}, managerB)).status, 404);
  assert.is((await postB(BASE, { name: 'B kategori', parent_id: String(c.id) }, managerB)).status, 422, "A's id is no parent on B");
  assert.ok(await cat('bahce-sulama'), "A's category untouched");
  assert.not.match(await (await onB(BASE, managerB)).text(), 'Bahçe ve Sulama');
});

test.run();
