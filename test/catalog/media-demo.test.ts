import sharp from 'sharp';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { findUnicodeFont, initials, seedDemoCatalog, seedDemoMedia, specSheetPdf } from '../../src/catalog/demo-catalog.ts';
import { diskMediaStore } from '../../src/catalog/media-storage.ts';
import { acmeCatalog } from '../../src/platform/demo-data.ts';
import { testConfig } from '../support/config.ts';
import { closeTestDb, makeTenant } from '../support/db.ts';
import { readFileSync } from 'node:fs';

const test = suite('CAT-3 demo media');

test.after(async () => {
  await closeTestDb();
});

test('initials are Turkish-aware', () => {
  assert.is(initials('ışık LED Panel', 'tr'), 'IL');
  assert.is(initials('İç Cephe Boyası', 'tr'), 'İC');
  assert.is(initials('Şeffaf silikon', 'tr'), 'ŞS');
});

test('demo tiles become WebP renditions up to the tile width, spec sheets PDFs, some products hidden; a second run does nothing', async () => {
  const t = await makeTenant({ name: 'Demo Görsel' });
  const all = acmeCatalog();
  // Lights in the first and the last brand line, and some screws: 80 products, 30 of them among the first two names of a family.
  const pick = [...all.filter((p) => /^AC-LED-\d{4}-[13]$/.test(p.sku)), ...all.filter((p) => /^AC-VID-\d{4}-1$/.test(p.sku)).slice(0, 20)];
  assert.is(pick.length, 80);
  await t.db.insertInto('products').values(pick).execute();
  await seedDemoCatalog(t.db, 'tr');
  const dataDir = testConfig().DATA_DIR;
  const res = await seedDemoMedia(t.db, { tenantId: t.tenant.id, dataDir, locale: 'tr', sellerName: 'Demo Görsel A.Ş.' });
  assert.is(res.productsWithImages, 24, 'four in five of the first two names of each family (a small catalog)');
  const imaged = await t.db.selectFrom('product_images as i').innerJoin('products as p', 'p.id', 'i.product_id').select('p.sku').distinct().execute();
  assert.ok(imaged.every((r) => /^AC-[A-Z]+-0[12]\d\d-\d$/.test(r.sku)), 'only names 01 and 02 have pictures');
  const images = await t.db.selectFrom('product_images').selectAll().orderBy('id').execute();
  assert.is(images.length, res.images);
  const counts = new Map<number, number>();
  for (const i of images) counts.set(i.product_id, (counts.get(i.product_id) ?? 0) + 1);
  assert.equal([...new Set(counts.values())].sort(), [1, 2, 3]);
  assert.ok(images.every((i) => i.width === 640 && i.height === 640 && i.alt.includes(' — ')));
  const store = diskMediaStore(dataDir);
  const widths = await Promise.all([160, 320, 640, 1280].map(async (w) => {
    const bytes = await store.getImage(t.tenant.id, images[0]!.storage_key, w);
    return bytes ? (await sharp(bytes).metadata()).width : null;
  }));
  assert.equal(widths, [160, 320, 640, null]);
  const hidden = await t.db.selectFrom('products').select('sku').where('hidden', '=', true).execute();
  assert.is(hidden.length, res.hidden);
  assert.ok(hidden.length > 0);
  assert.ok(hidden.every((h) => /^AC-LED-0[135]05-3$/.test(h.sku)), 'the last variant of every other name in the last brand line');
  assert.is(hidden.length, 3);
  if (findUnicodeFont()) {
    const docs = await t.db.selectFrom('product_documents').selectAll().execute();
    assert.is(docs.length, 2, 'one spec sheet per top-level category: lights (Aydınlatma) and screws (Hırdavat)');
    assert.ok(docs.every((d) => d.kind === 'spec_sheet' && d.mime === 'application/pdf' && d.original_name.endsWith('.pdf')));
    const pdf = Buffer.from((await store.getDocument(t.tenant.id, docs[0]!.storage_key))!);
    assert.is(pdf.subarray(0, 5).toString(), '%PDF-');
    assert.is(pdf.byteLength, Number(docs[0]!.size));
  }
  const again = await seedDemoMedia(t.db, { tenantId: t.tenant.id, dataDir, locale: 'tr', sellerName: 'x' });
  assert.is(again.images, 0);
});

test('the spec sheet embeds a TTF so ş ğ ı İ are real glyphs, not Latin-1 fallbacks', async () => {
  const file = findUnicodeFont();
  if (!file) {
    console.warn('no TTF with Turkish glyphs on this machine: spec sheets are skipped by the demo seed');
    return;
  }
  const pdf = await specSheetPdf(
    { sku: 'AC-LED-0101-1', name: 'Işık LED Panel Gün Işığı', barcode: '8690001000012', brand: 'Işıkay', description: 'Şık, ğ, ı, İ', technical_details: 'renk: Gün Işığı', advantages: 'Hızlı teslimat · Yetkili servis', unit: 'adet', pieces_per_package: 10, lead_time_days: 2 },
    'Acme Yapı Market A.Ş.',
    'tr',
    readFileSync(file),
  );
  const text = pdf.toString('latin1');
  assert.match(text, /\/FontFile2/, 'an embedded TrueType font');
  assert.match(text, /\/BaseFont \/[A-Z]{6}\+(DejaVuSans|LiberationSans|NotoSans)/, 'a subset of the Unicode font');
  assert.match(text, /\/ToUnicode/);
  assert.not.match(text, /\/BaseFont \/Helvetica/);
});

test.run();
