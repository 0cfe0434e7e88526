import { existsSync } from 'node:fs';
import path from 'node:path';
import sharp from 'sharp';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { CATALOG_PATH } from '../../src/catalog/params.ts';
import { MAX_IMAGE_BYTES, imageSlots, mediaVersion } from '../../src/catalog/media-files.ts';
import { listProductDocuments, listProductImages } from '../../src/catalog/media.ts';
import { diskMediaStore } from '../../src/catalog/media-storage.ts';
import { build, sessionCookie } from '../support/build.ts';
import { closeTestDb, makeTenant } from '../support/db.ts';
import { makeTestApp } from '../support/app.ts';
import { product } from './support.ts';

const test = suite('CAT-3 product images and documents');
type T = Awaited<ReturnType<typeof makeTenant>>;
let app: Awaited<ReturnType<typeof makeTestApp>>;
let a: T;
let b: T;
let asStaffA: string;
let asDealerA: string;
let asStaffB: string;
let asDealerB: string;
let visibleId: number;
let hiddenId: number;
let productB: number;

const png = (width: number, height: number) => sharp({ create: { width, height, channels: 3, background: '#b4451f' } }).png().toBuffer();
const jpeg = (width: number, height: number) => sharp({ create: { width, height, channels: 3, background: '#1f5f8b' } }).jpeg().toBuffer();
const PDF = Buffer.from('%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n');

function upload(host: string, cookie: string, fields: Record<string, string | File | File[]>): RequestInit {
  const form = new FormData();
  for (const [k, v] of Object.entries(fields)) for (const item of Array.isArray(v) ? v : [v]) form.append(k, item);
  return { method: 'POST', body: form, headers: { cookie, origin: `http://${host}` } };
}

function post(host: string, cookie: string, fields: Record<string, string> = {}): RequestInit {
  return { method: 'POST', body: new URLSearchParams(fields).toString(), headers: { cookie, origin: `http://${host}`, 'content-type': 'application/x-www-form-urlencoded' } };
}

const file = (bytes: Uint8Array, name: string, type = 'application/octet-stream') => new File([bytes as Uint8Array<ArrayBuffer>], name, { type });
const dataDir = () => app.deps.config.DATA_DIR;

test.before(async () => {
  app = await makeTestApp();
  a = await makeTenant({ name: 'Görsel Satıcı A' });
  b = await makeTenant({ name: 'Görsel Satıcı B' });
  visibleId = (await product(a.db, { name: 'Işık LED Panel' })).id;
  hiddenId = (await product(a.db, { name: 'Gizli Ürün', hidden: true })).id;
  productB = (await product(b.db, { name: 'B Ürünü' })).id;
  const { user: staffA } = await build.staff(a.db, { role: 'catalog_manager' });
  asStaffA = await sessionCookie(a.db, staffA.id);
  const dealerA = await build.dealer(a.db);
  const { user: buyerA } = await build.dealerUser(a.db, { dealerId: dealerA.id, role: 'buyer', totp: false });
  asDealerA = await sessionCookie(a.db, buyerA.id);
  const { user: staffB } = await build.staff(b.db, { role: 'admin' });
  asStaffB = await sessionCookie(b.db, staffB.id);
  const dealerB = await build.dealer(b.db);
  const { user: buyerB } = await build.dealerUser(b.db, { dealerId: dealerB.id, role: 'buyer', totp: false });
  asDealerB = await sessionCookie(b.db, buyerB.id);
});

test.after(async () => {
  await app.close();
  await closeTestDb();
});

test('the staff page needs catalog.manage; another seller’s product id is 404', async () => {
  assert.is((await app.req(a.host, `/staff/media/products/${visibleId}`, { headers: { cookie: asStaffA } })).status, 200);
  assert.is((await app.req(a.host, `/staff/media/products/${visibleId}`, { headers: { cookie: asDealerA } })).status, 403);
  const { user: warehouse } = await build.staff(a.db, { role: 'warehouse' });
  assert.is((await app.req(a.host, `/staff/media/products/${visibleId}`, { headers: { cookie: await sessionCookie(a.db, warehouse.id) } })).status, 403);
  // hiddenId exists in A only (B has one product, created first).
  assert.not.ok(await b.db.selectFrom('products').select('id').where('id', '=', hiddenId).executeTakeFirst());
  assert.is((await app.req(b.host, `/staff/media/products/${hiddenId}`, { headers: { cookie: asStaffB } })).status, 404);
  const upload404 = await app.req(b.host, `/staff/media/products/${hiddenId}/images`, upload(b.host, asStaffB, { images: file(await png(400, 300), 'a.png') }));
  assert.is(upload404.status, 404);
  assert.is((await listProductImages(a.db, hiddenId)).length, 0);
});

test('a text file renamed .png is refused next to the field and nothing is stored', async () => {
  const res = await app.req(a.host, `/staff/media/products/${visibleId}/images`, upload(a.host, asStaffA, { images: file(Buffer.from('just some text, not an image'), 'photo.png', 'image/png') }));
  assert.is(res.status, 422);
  const html = await res.text();
  assert.match(html, /id="f-images-error"[^>]*>photo\.png: Yalnızca PNG, JPEG veya WebP/);
  assert.match(html, 'aria-invalid="true"');
  const pdfAsImage = await app.req(a.host, `/staff/media/products/${visibleId}/images`, upload(a.host, asStaffA, { images: file(PDF, 'x.png') }));
  assert.is(pdfAsImage.status, 422);
  assert.is((await listProductImages(a.db, visibleId)).length, 0);
});

test('an image over 10 MB is refused; the good file of the same upload is kept', async () => {
  const big = new Uint8Array(MAX_IMAGE_BYTES + 1);
  big.set(await png(10, 10));
  const res = await app.req(a.host, `/staff/media/products/${visibleId}/images`, upload(a.host, asStaffA, { images: [file(big, 'huge.png'), file(await png(300, 200), 'small.png')], alt: 'Ön görünüş' }));
  assert.is(res.status, 422);
  const html = await res.text();
  assert.match(html, 'huge.png: Görsel 10 MB’tan büyük olamaz.');
  assert.match(html, 'data-testid="staff-image"');
  const images = await listProductImages(a.db, visibleId);
  assert.is(images.length, 1);
  assert.is(images[0]!.alt, 'Ön görünüş');
  assert.equal([images[0]!.width, images[0]!.height], [300, 200]);
  const del = await app.req(a.host, `/staff/media/products/${visibleId}/images/${images[0]!.id}/delete`, post(a.host, asStaffA));
  assert.is(del.status, 303);
  assert.not.ok(existsSync(path.join(dataDir(), String(a.tenant.id), images[0]!.storage_key)), 'files removed with the row');
});

test('several images at once become WebP renditions at 160/320/640/1280, never upscaled', async () => {
  const res = await app.req(
    a.host,
    `/staff/media/products/${visibleId}/images`,
    upload(a.host, asStaffA, { images: [file(await png(2000, 1000), 'wide.png'), file(await jpeg(500, 400), 'small.jpg')] }),
  );
  assert.is(res.status, 303);
  assert.is(res.headers.get('location'), `/staff/media/products/${visibleId}#media-images`);
  const [wide, small] = await listProductImages(a.db, visibleId);
  assert.equal([wide!.width, wide!.height, small!.width, small!.height], [2000, 1000, 500, 400]);
  assert.match(wide!.storage_key, /^catalog\/images\/[A-Za-z0-9_-]{32}$/);
  const store = diskMediaStore(dataDir());
  const widthsOf = async (key: string, slots: number[]) =>
    Promise.all(slots.map(async (s) => {
      const bytes = await store.getImage(a.tenant.id, key, s);
      if (!bytes) return null;
      const meta = await sharp(bytes).metadata();
      return `${meta.format}:${meta.width}x${meta.height}`;
    }));
  assert.equal(await widthsOf(wide!.storage_key, [160, 320, 640, 1280]), ['webp:160x80', 'webp:320x160', 'webp:640x320', 'webp:1280x640']);
  assert.equal(await widthsOf(small!.storage_key, [160, 320, 640, 1280]), ['webp:160x128', 'webp:320x256', 'webp:500x400', null]);
  assert.equal(imageSlots(500), [{ slot: 160, width: 160 }, { slot: 320, width: 320 }, { slot: 640, width: 500 }]);
});

test('staff reorder (up/down), edit alt text, and see errors next to the field', async () => {
  const before = await listProductImages(a.db, visibleId);
  const second = before[1]!;
  assert.is((await app.req(a.host, `/staff/media/products/${visibleId}/images/${second.id}/position`, post(a.host, asStaffA, { direction: 'up' }))).status, 303);
  assert.equal((await listProductImages(a.db, visibleId)).map((i) => i.id), [second.id, before[0]!.id]);
  await app.req(a.host, `/staff/media/products/${visibleId}/images/${second.id}/position`, post(a.host, asStaffA, { direction: 'down' }));
  assert.equal((await listProductImages(a.db, visibleId)).map((i) => i.id), before.map((i) => i.id));
  const saved = await app.req(a.host, `/staff/media/products/${visibleId}/images/${second.id}/alt`, post(a.host, asStaffA, { [`alt_${second.id}`]: 'Yandan görünüş' }));
  assert.is(saved.status, 303);
  assert.is((await listProductImages(a.db, visibleId))[1]!.alt, 'Yandan görünüş');
  const tooLong = await app.req(a.host, `/staff/media/products/${visibleId}/images/${second.id}/alt`, post(a.host, asStaffA, { [`alt_${second.id}`]: 'x'.repeat(301) }));
  assert.is(tooLong.status, 422);
  assert.match(await tooLong.text(), `id="f-alt_${second.id}-error"`);
  // An image id of another product (or seller) through this product's URL is 404.
  assert.is((await app.req(a.host, `/staff/media/products/${hiddenId}/images/${second.id}/delete`, post(a.host, asStaffA))).status, 404);
});

test('documents: only PDF, kind and title checked; stored with the file name', async () => {
  const notPdf = await app.req(a.host, `/staff/media/products/${visibleId}/documents`, upload(a.host, asStaffA, { document_file: file(await png(10, 10), 'manual.pdf'), document_kind: 'manual', document_title: 'Kılavuz' }));
  assert.is(notPdf.status, 422);
  const html = await notPdf.text();
  assert.match(html, /id="f-document_file-error"[^>]*>Yalnızca PDF/);
  assert.match(html, 'value="Kılavuz"', 'the title is kept');
  const badKind = await app.req(a.host, `/staff/media/products/${visibleId}/documents`, upload(a.host, asStaffA, { document_file: file(PDF, 'x.pdf'), document_kind: 'poem', document_title: '' }));
  assert.is(badKind.status, 422);
  assert.match(await badKind.text(), 'id="f-document_kind-error"');
  const ok = await app.req(a.host, `/staff/media/products/${visibleId}/documents`, upload(a.host, asStaffA, { document_file: file(PDF, 'Kullanım Kılavuzu ş.pdf'), document_kind: 'manual', document_title: '' }));
  assert.is(ok.status, 303);
  const hidden = await app.req(a.host, `/staff/media/products/${hiddenId}/documents`, upload(a.host, asStaffA, { document_file: file(PDF, 'gizli.pdf'), document_kind: 'certificate', document_title: 'Sertifika' }));
  assert.is(hidden.status, 303);
  const [doc] = await listProductDocuments(a.db, visibleId);
  assert.is(doc!.title, 'Kullanım Kılavuzu ş');
  assert.is(doc!.original_name, 'Kullanım Kılavuzu ş.pdf');
  assert.is(doc!.size, PDF.byteLength);
});

test('document download: attachment, nosniff, sandbox CSP, private cache', async () => {
  const [doc] = await listProductDocuments(a.db, visibleId);
  const res = await app.req(a.host, `/media/documents/${doc!.id}/whatever.pdf`, { headers: { cookie: asDealerA } });
  assert.is(res.status, 200);
  assert.is(res.headers.get('content-type'), 'application/pdf');
  assert.is(res.headers.get('content-disposition'), `attachment; filename="Kullan_m K_lavuzu _.pdf"; filename*=UTF-8''${encodeURIComponent('Kullanım Kılavuzu ş.pdf')}`);
  assert.is(res.headers.get('x-content-type-options'), 'nosniff');
  assert.match(res.headers.get('content-security-policy') ?? '', /^sandbox/);
  assert.match(res.headers.get('cache-control') ?? '', /^private/);
  assert.equal(Buffer.from(await res.arrayBuffer()), PDF);
});

test('image serving: only the allowed widths, immutable with the version, stale version 404', async () => {
  const [wide, small] = await listProductImages(a.db, visibleId);
  const v = mediaVersion(wide!.storage_key);
  const res = await app.req(a.host, `/media/images/${wide!.id}/640.webp?v=${v}`, { headers: { cookie: asDealerA } });
  assert.is(res.status, 200);
  assert.is(res.headers.get('content-type'), 'image/webp');
  assert.is(res.headers.get('cache-control'), 'private, max-age=31536000, immutable');
  assert.is(res.headers.get('x-content-type-options'), 'nosniff');
  assert.is((await sharp(Buffer.from(await res.arrayBuffer())).metadata()).width, 640);
  for (const bad of ['200.webp', '640.png', '0640.webp', '1280.webp.png', 'x.webp']) {
    assert.is((await app.req(a.host, `/media/images/${wide!.id}/${bad}`, { headers: { cookie: asDealerA } })).status, 404, bad);
  }
  assert.is((await app.req(a.host, `/media/images/${wide!.id}/640.webp?v=stale`, { headers: { cookie: asDealerA } })).status, 404);
  assert.is((await app.req(a.host, `/media/images/${small!.id}/1280.webp`, { headers: { cookie: asDealerA } })).status, 404, 'no upscaled rendition');
  assert.is((await app.req(a.host, `/media/images/${wide!.id}/640.webp`)).status, 404, 'signed out');
});

test('a dealer gets 404 for a hidden product’s image and document ids; staff get them', async () => {
  await app.req(a.host, `/staff/media/products/${hiddenId}/images`, upload(a.host, asStaffA, { images: file(await png(200, 200), 'h.png') }));
  const [img] = await listProductImages(a.db, hiddenId);
  const [doc] = await listProductDocuments(a.db, hiddenId);
  assert.ok(img && doc);
  assert.is((await app.req(a.host, `/media/images/${img.id}/160.webp`, { headers: { cookie: asDealerA } })).status, 404);
  assert.is((await app.req(a.host, `/media/documents/${doc.id}/x.pdf`, { headers: { cookie: asDealerA } })).status, 404);
  assert.is((await app.req(a.host, `/media/images/${img.id}/160.webp`, { headers: { cookie: asStaffA } })).status, 200);
  assert.is((await app.req(a.host, `/media/documents/${doc.id}/x.pdf`, { headers: { cookie: asStaffA } })).status, 200);
  // A staff member whose second factor is pending sees nothing.
  const { user } = await build.staff(a.db, { role: 'admin' });
  const pending = await sessionCookie(a.db, user.id, { twoFactorVerified: false });
  assert.is((await app.req(a.host, `/media/images/${img.id}/160.webp`, { headers: { cookie: pending } })).status, 404);
});

test('tenant B’s host answers 404 for tenant A’s image and document ids (guessed by id)', async () => {
  const [img] = await listProductImages(a.db, visibleId);
  const [doc] = await listProductDocuments(a.db, visibleId);
  // B has no images or documents: any answer but 404 would be A's file.
  for (const cookie of [asDealerB, asStaffB, asDealerA]) {
    const image = await app.req(b.host, `/media/images/${img!.id}/160.webp?v=${mediaVersion(img!.storage_key)}`, { headers: { cookie } });
    assert.is(image.status, 404);
    assert.is((await app.req(b.host, `/media/documents/${doc!.id}/x.pdf`, { headers: { cookie } })).status, 404);
  }
  assert.is((await app.req(b.host, `/staff/media/products/${productB}`, { headers: { cookie: asStaffB } })).status, 200);
  assert.is((await app.req(b.host, `/staff/media/products/${productB}/images/${img!.id}/delete`, post(b.host, asStaffB))).status, 404);
  assert.is((await app.req(b.host, `/staff/media/products/${productB}/documents/${doc!.id}/delete`, post(b.host, asStaffB))).status, 404);
  assert.is((await listProductImages(a.db, visibleId)).length, 2, 'A’s images untouched');
});

test('the dealer product page shows the gallery with srcset/sizes and the document link', async () => {
  const res = await app.req(a.host, `${CATALOG_PATH}/products/${visibleId}`, { headers: { cookie: asDealerA } });
  assert.is(res.status, 200);
  const html = await res.text();
  const [wide, small] = await listProductImages(a.db, visibleId);
  const v = mediaVersion(wide!.storage_key);
  assert.match(html, `srcset="/media/images/${wide!.id}/160.webp?v=${v} 160w, /media/images/${wide!.id}/320.webp?v=${v} 320w, /media/images/${wide!.id}/640.webp?v=${v} 640w, /media/images/${wide!.id}/1280.webp?v=${v} 1280w"`);
  assert.match(html, `/media/images/${small!.id}/640.webp?v=${mediaVersion(small!.storage_key)} 500w"`);
  assert.match(html, /sizes="\(min-width: 1100px\) 480px/);
  assert.match(html, 'href="#image-2"');
  assert.match(html, 'id="image-2"');
  assert.match(html, /href="\/media\/documents\/\d+\/Kullan%C4%B1m%20K%C4%B1lavuzu%20%C5%9F\.pdf"/);
  assert.not.match(html, /<script>|style="/, 'no inline script or style (CSP)');
  assert.is((await app.req(a.host, `${CATALOG_PATH}/products/${hiddenId}`, { headers: { cookie: asDealerA } })).status, 404);
});

test.run();
