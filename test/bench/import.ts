/**
 * `npx tsx test/bench/import.ts`: the CAT-8 import job on 20,000 rows (issue 4: "an import of
 * 20,000 rows finishes within a minute on this machine"). A report, not a test.
 *
 * Makes a throw-away tenant in the test database (dropped at the end), a two-level category tree
 * and three attributes, writes a 20,000-row XLSX with Turkish product names, valid EAN-13
 * barcodes, categories, prices, stock and attribute columns, then runs the job handler
 * (runImport, the same function the BullMQ worker calls) three times:
 *   1. first import: every row created;
 *   2. the same file again: every row unchanged;
 *   3. a mixed file: ~25 % new prices, ~25 % new stock, ~10 % renamed, 1 % bad rows.
 * Prints the time to read the file, rows/s and total time of each run and its counts.
 * Environment: BENCH_IMPORT_ROWS (20000).
 */
import ExcelJS from 'exceljs';
import { sql } from 'kysely';
import { createCategory } from '../../src/catalog/categories.ts';
import { gtinCheckDigit } from '../../src/catalog/gtin.ts';
import { guessMapping } from '../../src/catalog/import/columns.ts';
import { runImport } from '../../src/catalog/import/process.ts';
import { openSheet } from '../../src/catalog/import/read.ts';
import { createRun, targetsToMapping } from '../../src/catalog/import/runs.ts';
import { createAttributeDefinition } from '../../src/catalog/products.ts';
import { diskStorage } from '../../src/dealers/storage.ts';
import { testConfig } from '../support/config.ts';
import { closeTestDb, makeTenant } from '../support/db.ts';

const ROWS = Number(process.env.BENCH_IMPORT_ROWS ?? 20_000);

const KINDS = ['Ağaç Vidası', 'Sunta Vidası', 'Dübel', 'Somun', 'Pul', 'Menteşe', 'Kapı Kolu', 'Çekmece Rayı', 'Işıklı Anahtar', 'Priz', 'LED Panel', 'Kablo Kanalı', 'Silikon', 'Boya Fırçası', 'Şerit Metre', 'Matkap Ucu', 'Zımpara Kağıdı', 'Su Terazisi', 'Çekiç', 'Pense'];
const QUALIFIERS = ['Paslanmaz', 'Galvanizli', 'Siyah', 'Beyaz', 'Ağır Hizmet', 'Profesyonel', 'Ekonomik', 'Yüksek Dayanımlı', 'Şeffaf', 'Çift Taraflı', 'Mıknatıslı', 'İnce'];
const MATERIALS = ['Çelik', 'Pirinç', 'Alüminyum', 'Plastik', 'Ahşap'];
const BRANDS = ['Kervan', 'Anadolu Yapı', 'Boğaziçi', 'Ege Hırdavat', 'Işık Elektrik', 'Özdemir', 'Güneş', 'Şahin Alet'];
const COLOURS = ['kırmızı', 'mavi', 'yeşil', 'sarı', 'siyah', 'beyaz', 'gri'];

function ean13(n: number): string {
  const body = `869${String(n).padStart(9, '0')}`;
  return body + gtinCheckDigit(body);
}

interface Variant {
  priceFactor?: number;
  stockShift?: boolean;
  rename?: boolean;
  bad?: boolean;
}

async function workbook(paths: string[], pick: (i: number) => Variant): Promise<Uint8Array> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('Ürünler');
  ws.addRow(['Stok Kodu', 'Ürün Adı', 'Barkod', 'Kategori', 'Marka', 'Birim', 'Liste Fiyatı', 'Para Birimi', 'KDV %', 'Stok Miktarı', 'Minimum Stok', 'Koli İçi Adet', 'Malzeme [malzeme]', 'Renk [renk]', 'Uzunluk [uzunluk]', 'Açıklama']);
  for (let i = 0; i < ROWS; i++) {
    const v = pick(i);
    const name = `${QUALIFIERS[i % QUALIFIERS.length]} ${KINDS[(i * 7) % KINDS.length]} ${4 + (i % 6)}x${20 + ((i * 3) % 80)}${v.rename ? ' (yeni model)' : ''}`;
    const price = Math.round((((i * 37) % 50_000) + 150) * (v.priceFactor ?? 1)) / 100;
    ws.addRow([
      `KRV-${String(i).padStart(6, '0')}`,
      name,
      v.bad ? '8690000000013' : ean13(i),
      paths[i % paths.length],
      BRANDS[i % BRANDS.length],
      i % 5 === 0 ? 'kutu' : 'adet',
      price,
      'TRY',
      i % 10 === 0 ? 10 : 20,
      v.stockShift ? ((i * 13) % 500) + 1 : (i * 13) % 500,
      i % 4 === 0 ? 25 : 0,
      [1, 10, 50, 100][i % 4],
      MATERIALS[i % MATERIALS.length],
      COLOURS[i % COLOURS.length],
      (10 + (i % 90)) / 2,
      `${name} — ${BRANDS[i % BRANDS.length]} kalitesiyle, şantiye ve atölye kullanımına uygun.`,
    ]);
  }
  return new Uint8Array(await wb.xlsx.writeBuffer());
}

async function main() {
  const { tenant, db } = await makeTenant({ name: 'Bench İçe Aktarma' });
  const storage = diskStorage(testConfig().DATA_DIR);
  try {
    const paths: string[] = [];
    for (const [pi, parent] of ['Bağlantı Elemanları', 'Elektrik', 'El Aletleri', 'Boya ve Yapı Kimyasalları', 'Mobilya Aksesuarları'].entries()) {
      const p = await createCategory(db, { name: parent, slug: `kat-${pi}` });
      for (let ci = 0; ci < 6; ci++) {
        const c = await createCategory(db, { name: `${parent} ${ci + 1}`, slug: `alt-${ci}`, parentId: p.id });
        paths.push(`kat-${pi}/alt-${ci}`);
        void c;
      }
    }
    await createAttributeDefinition(db, { code: 'malzeme', name: 'Malzeme', type: 'choice', choices: MATERIALS, filterable: true });
    await createAttributeDefinition(db, { code: 'renk', name: 'Renk', type: 'text' });
    await createAttributeDefinition(db, { code: 'uzunluk', name: 'Uzunluk', type: 'number', unit: 'mm' });
    const attrs = await db.selectFrom('attribute_definitions').select(['code', 'name']).execute();

    const files: [string, Uint8Array][] = [];
    let t0 = performance.now();
    const base = await workbook(paths, () => ({}));
    files.push(['first import (all new)', base], ['same file again (all unchanged)', base]);
    files.push([
      'mixed update (25% price, 25% stock, 10% renamed, 1% bad barcode)',
      await workbook(paths, (i) => ({ priceFactor: i % 4 === 0 ? 1.1 : 1, stockShift: i % 4 === 1, rename: i % 10 === 2, bad: i % 100 === 3 })),
    ]);
    console.log(`generated ${ROWS} rows × 16 columns XLSX: ${(base.byteLength / 1024 / 1024).toFixed(1)} MB in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
    t0 = performance.now();
    const sheet = await openSheet(base, 'xlsx');
    let n = 0;
    for await (const _ of sheet.rows) n++;
    console.log(`reading the XLSX alone: ${n} rows in ${((performance.now() - t0) / 1000).toFixed(2)} s`);
    const mapping = targetsToMapping(guessMapping(sheet.headers, 'products', attrs));
    console.log(`guessed mapping: ${JSON.stringify(mapping)}`);

    console.log('\nrun                                                          rows   total s   rows/s  created  updated unchanged rejected');
    for (const [label, bytes] of files) {
      const key = await storage.put(tenant.id, 'imports', bytes);
      const run = await createRun(db, { kind: 'products', storageKey: key, originalName: 'bench.xlsx', format: 'xlsx', encoding: 'utf-8', mapping, userId: null });
      await db.updateTable('import_runs').set({ status: 'queued' }).where('id', '=', run.id).execute();
      const start = performance.now();
      const outcome = await runImport(db, run.id, { storage, tenantId: tenant.id, locale: 'tr' });
      const secs = (performance.now() - start) / 1000;
      const r = await db.selectFrom('import_runs').selectAll().where('id', '=', run.id).executeTakeFirstOrThrow();
      console.log(
        `${label.padEnd(60)} ${String(r.total_rows).padStart(5)} ${secs.toFixed(1).padStart(9)} ${Math.round(r.total_rows / secs).toString().padStart(8)} ${String(r.created_count).padStart(8)} ${String(r.updated_count).padStart(8)} ${String(r.unchanged_count).padStart(9)} ${String(r.rejected_count).padStart(8)}  ${outcome}${secs > 60 ? '  (over the 60 s target)' : ''}`,
      );
      await storage.remove(tenant.id, key);
    }
    const moves = await sql<{ n: string }>`select count(*) as n from ${sql.id(tenant.schema, 'stock_movements')}`.execute(db);
    console.log(`\nstock movements written: ${moves.rows[0]!.n}`);
  } finally {
    await closeTestDb();
  }
}

await main();
