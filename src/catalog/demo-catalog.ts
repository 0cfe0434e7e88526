/**
 * Demo catalog structure for the demo sellers (and the search bench): a two-level category tree,
 * attribute definitions, brands, countries, valid EAN-13 barcodes, lead times, stock behaviours,
 * attribute values and a few variant families, laid over the products already inserted from
 * src/platform/demo-data.ts (SKUs `<prefix>-<FAMILY>-<iijj>[-<series>]`). Deterministic.
 */
import { existsSync, readFileSync } from 'node:fs';
import type { Kysely } from 'kysely';
import PDFDocument from 'pdfkit';
import type { OutOfStockBehaviour, ProductOrderType, TenantDb } from '../db/types.ts';
import type { Locale } from '../i18n/define.ts';
import { createCategory, slugify } from './categories.ts';
import { gtinCheckDigit } from './gtin.ts';
import { renderRenditions, type Renditions } from './media-files.ts';
import { diskMediaStore } from './media-storage.ts';
import { inTransaction } from './tx.ts';
import { attributeValue, createAttributeDefinition } from './products.ts';

interface AttrSpec {
  code: string;
  name: string;
  type: 'text' | 'number' | 'choice';
  unit?: string;
  choices?: string[];
  filterable: boolean;
  variantAxis?: boolean;
}

interface FamilySpec {
  /** [top-level category, sub category] */
  category: [string, string];
  brands: string[];
  countries: string[];
  material?: string[];
  colour?: string[];
  /** A number attribute derived from the variant index. */
  number?: { code: string; values: number[] };
  orderType?: ProductOrderType;
  leadDays: number;
  piecesPerPackage?: number;
  /** Variants of one name differ by colour: they become one family (CAT-4). */
  variantsByColour?: boolean;
}

interface CatalogSpec {
  attributes: AttrSpec[];
  families: Record<string, FamilySpec>;
  gs1Prefix: string;
  advantages: string;
}

const TR: CatalogSpec = {
  gs1Prefix: '869',
  advantages: 'Hızlı teslimat · Yetkili servis · Türkçe kullanım kılavuzu',
  attributes: [
    { code: 'renk', name: 'Renk', type: 'choice', choices: ['Beyaz', 'Siyah', 'Gri', 'Krom', 'Şeffaf', 'Kırmızı', 'Altın', 'Mat Siyah', 'Gün Işığı'], filterable: true, variantAxis: true },
    { code: 'malzeme', name: 'Malzeme', type: 'choice', choices: ['Çelik', 'Paslanmaz Çelik', 'Alüminyum', 'Bakır', 'Plastik', 'Pirinç', 'Taş Yünü', 'Doğal'], filterable: true },
    { code: 'guc', name: 'Güç', type: 'number', unit: 'W', filterable: true },
    { code: 'hacim', name: 'Hacim', type: 'number', unit: 'L', filterable: true },
    { code: 'kalinlik', name: 'Kalınlık', type: 'number', unit: 'cm', filterable: true },
    { code: 'garanti', name: 'Garanti süresi', type: 'number', unit: 'yıl', filterable: true },
    { code: 'model', name: 'Model', type: 'text', filterable: false },
  ],
  families: {
    LED: { category: ['Elektrik ve Aydınlatma', 'Işık ve LED Ürünleri'], brands: ['Işıkay', 'Aydın Elektrik'], countries: ['TR', 'CN'], colour: ['Gün Işığı', 'Beyaz', 'Beyaz', 'Beyaz', 'Gri'], number: { code: 'guc', values: [9, 12, 18, 40, 50] }, leadDays: 2 },
    KBL: { category: ['Elektrik ve Aydınlatma', 'Kablolar'], brands: ['Öztürk Kablo', 'Bakırsan'], countries: ['TR'], material: ['Bakır'], colour: ['Kırmızı', 'Siyah', 'Gri', 'Gri', 'Gri'], leadDays: 3 },
    VID: { category: ['Hırdavat', 'Vida ve Dübel'], brands: ['Çelikbağ', 'Güçlü Hırdavat'], countries: ['TR', 'DE', 'CN'], material: ['Çelik', 'Paslanmaz Çelik'], leadDays: 1, piecesPerPackage: 100 },
    SLK: { category: ['Hırdavat', 'Silikon ve Yapıştırıcılar'], brands: ['Yapıkim', 'Sızdırmaz'], countries: ['TR', 'IT'], colour: ['Şeffaf', 'Beyaz', 'Gri', 'Kırmızı', 'Beyaz'], leadDays: 2, piecesPerPackage: 24 },
    BOY: { category: ['Yapı Kimyasalları', 'Boya ve Astar'], brands: ['Güneş Boya', 'Renkçi'], countries: ['TR'], colour: ['Beyaz', 'Beyaz', 'Gri', 'Siyah', 'Altın'], number: { code: 'hacim', values: [2.5, 7.5, 15, 0.75, 2.5] }, leadDays: 3 },
    IZL: { category: ['Yapı Kimyasalları', 'Isı ve Su Yalıtımı'], brands: ['İzoder', 'Isıtaş'], countries: ['TR', 'DE'], material: ['Taş Yünü'], number: { code: 'kalinlik', values: [3, 5, 8, 10, 20] }, orderType: 'mto', leadDays: 10 },
    MUS: { category: ['Tesisat', 'Banyo ve Mutfak Bataryaları'], brands: ['Şelale Armatür', 'Akışkan'], countries: ['TR', 'IT'], material: ['Pirinç'], colour: ['Krom', 'Mat Siyah', 'Altın', 'Krom', 'Krom'], leadDays: 4, variantsByColour: true },
    ALT: { category: ['El Aletleri', 'Elektrikli El Aletleri'], brands: ['Güçlü', 'Matkapçı', 'Bosch'], countries: ['DE', 'CN', 'TR'], number: { code: 'guc', values: [12, 18, 750, 1050, 18] }, leadDays: 2 },
    GDA: { category: ['İkram ve Ofis', 'Gıda Ürünleri'], brands: ['Öz Çay', 'Kahveci Ağa'], countries: ['TR'], material: ['Doğal'], leadDays: 1 },
    KTP: { category: ['İkram ve Ofis', 'Kitap ve Yayın'], brands: ['Usta Yayınları'], countries: ['TR'], orderType: 'eto', leadDays: 14 },
  },
};

const EN: CatalogSpec = {
  gs1Prefix: '709',
  advantages: 'Next-day delivery · Service and spare parts · Documentation in English and Norwegian',
  attributes: [
    { code: 'colour', name: 'Colour', type: 'choice', choices: ['White', 'Black', 'Grey', 'Chrome', 'Clear', 'Oak', 'Steel', 'Hi-Vis'], filterable: true, variantAxis: true },
    { code: 'material', name: 'Material', type: 'choice', choices: ['Steel', 'Galvanised steel', 'Stainless steel', 'Brass', 'Plastic', 'Stone wool', 'Aluminium'], filterable: true },
    { code: 'power', name: 'Power', type: 'number', unit: 'W', filterable: true },
    { code: 'thickness', name: 'Thickness', type: 'number', unit: 'mm', filterable: true },
    { code: 'warranty', name: 'Warranty', type: 'number', unit: 'years', filterable: true },
    { code: 'model', name: 'Model', type: 'text', filterable: false },
  ],
  families: {
    LMP: { category: ['Electrical', 'Lighting'], brands: ['Nordlys', 'Lumen Pro'], countries: ['NO', 'CN'], colour: ['White', 'White', 'Grey', 'Black', 'White'], number: { code: 'power', values: [6, 10, 20, 50, 36] }, leadDays: 2 },
    FST: { category: ['Fasteners', 'Screws and Anchors'], brands: ['Fjord Fasteners', 'Essve'], countries: ['SE', 'DE', 'CN'], material: ['Galvanised steel', 'Steel', 'Stainless steel'], leadDays: 1, piecesPerPackage: 100 },
    TLS: { category: ['Tools', 'Power Tools'], brands: ['Makita', 'Viking Tools'], countries: ['JP', 'DE', 'CN'], number: { code: 'power', values: [12, 18, 1200, 850, 18] }, leadDays: 2 },
    PNT: { category: ['Paint and Finishes', 'Paint'], brands: ['Jotun', 'Fargerike'], countries: ['NO'], colour: ['White', 'White', 'Grey', 'Oak', 'Clear'], leadDays: 3 },
    INS: { category: ['Building Materials', 'Insulation'], brands: ['Glava', 'Rockwool'], countries: ['NO', 'DK'], material: ['Stone wool'], number: { code: 'thickness', values: [50, 100, 150, 50, 25] }, orderType: 'mto', leadDays: 10 },
    PLB: { category: ['Plumbing', 'Taps and Valves'], brands: ['Tapwell', 'Oras'], countries: ['SE', 'FI'], material: ['Brass'], colour: ['Chrome', 'Black', 'Steel', 'Chrome', 'Chrome'], leadDays: 4, variantsByColour: true },
    SAF: { category: ['Workwear and Safety', 'Protective Equipment'], brands: ['Safe Nord', '3M'], countries: ['NO', 'US', 'CN'], colour: ['Black', 'Grey', 'Clear', 'Grey', 'Hi-Vis'], leadDays: 2 },
  },
};

export function demoCatalogSpec(locale: Locale): CatalogSpec {
  return locale === 'tr' ? TR : EN;
}

/** A valid EAN-13 from a GS1 country prefix and a running number. */
export function demoEan13(prefix: string, n: number): string {
  const body = `${prefix}${String(n).padStart(12 - prefix.length, '0')}`.slice(0, 12);
  return `${body}${gtinCheckDigit(body)}`;
}

export interface DemoEnrichment {
  family: string;
  fields: {
    brand: string;
    manufacturer: string;
    country_of_origin: string;
    barcode: string;
    lead_time_days: number;
    order_type: ProductOrderType;
    out_of_stock_behaviour: OutOfStockBehaviour;
    backorder_extra_days: number;
    min_stock: number;
    min_order_qty: number;
    pieces_per_package: number | null;
    packages_per_pallet: number | null;
    short_description: string;
    advantages: string;
    technical_details: string;
    weight_g: number;
  };
  attributes: Record<string, string>;
  /** `iijj` of the SKU: name index and variant index within the family. */
  nameIndex: number;
  variantIndex: number;
}

/** Derived purely from the SKU and a running number, so demo and bench data agree. */
export function enrichDemoProduct(locale: Locale, p: { sku: string; name: string }, n: number): DemoEnrichment | null {
  const spec = demoCatalogSpec(locale);
  const m = /^[A-Z]+-([A-Z]+)-(\d\d)(\d\d)(?:-(\d+))?/.exec(p.sku);
  if (!m) return null;
  const family = m[1]!;
  const f = spec.families[family];
  if (!f) return null;
  const i = Number(m[2]) - 1;
  const j = Number(m[3]) - 1;
  const series = Number(m[4] ?? 1);
  const pick = <T,>(list: T[], k: number) => list[k % list.length]!;
  const brand = pick(f.brands, i + series);
  const attributes: Record<string, string> = {};
  const colourCode = locale === 'tr' ? 'renk' : 'colour';
  const materialCode = locale === 'tr' ? 'malzeme' : 'material';
  const warrantyCode = locale === 'tr' ? 'garanti' : 'warranty';
  if (f.colour) attributes[colourCode] = pick(f.colour, j);
  if (f.material) attributes[materialCode] = pick(f.material, i + j);
  if (f.number) attributes[f.number.code] = String(pick(f.number.values, j));
  attributes[warrantyCode] = String(1 + ((i + series) % 3));
  attributes.model = `${family}-${String(i + 1).padStart(2, '0')}${String(j + 1).padStart(2, '0')}`;
  const behaviours: OutOfStockBehaviour[] = ['backorder', 'backorder', 'block', 'hide'];
  return {
    family,
    nameIndex: i,
    variantIndex: j,
    attributes,
    fields: {
      brand,
      manufacturer: brand,
      country_of_origin: pick(f.countries, i + j + series),
      barcode: demoEan13(spec.gs1Prefix, 100000 + n),
      lead_time_days: f.leadDays + (series - 1),
      order_type: f.orderType ?? 'stock',
      out_of_stock_behaviour: pick(behaviours, n),
      backorder_extra_days: 7,
      min_stock: 20,
      min_order_qty: f.piecesPerPackage ? 1 : 1 + (j % 2),
      pieces_per_package: f.piecesPerPackage ?? null,
      packages_per_pallet: f.piecesPerPackage ? 48 : null,
      short_description: p.name,
      advantages: spec.advantages,
      technical_details: Object.entries(attributes)
        .map(([k, v]) => `${k}: ${v}`)
        .join('\n'),
      weight_g: 100 + ((n * 37) % 4900),
    },
  };
}

/** Creates the category tree; returns sub-category ids keyed by family code. */
async function seedCategories(db: Kysely<TenantDb>, spec: CatalogSpec): Promise<Map<string, number>> {
  const tops = new Map<string, number>();
  const leaves = new Map<string, number>();
  for (const [family, f] of Object.entries(spec.families)) {
    const [topName, subName] = f.category;
    let topId = tops.get(topName);
    if (topId === undefined) {
      topId = (await createCategory(db, { name: topName })).id;
      tops.set(topName, topId);
    }
    const key = `${topName}/${subName}`;
    let leafId = leaves.get(key);
    if (leafId === undefined) {
      leafId = (await createCategory(db, { name: subName, parentId: topId, slug: slugify(subName) })).id;
      leaves.set(key, leafId);
    }
    leaves.set(family, leafId);
  }
  return leaves;
}

/**
 * Lays the catalog structure over a demo seller's products. Does nothing when the seller
 * already has categories (safe to run again).
 */
export async function seedDemoCatalog(db: Kysely<TenantDb>, locale: Locale): Promise<{ categories: number; attributes: number; products: number }> {
  const spec = demoCatalogSpec(locale);
  const existing = await db.selectFrom('categories').select('id').limit(1).executeTakeFirst();
  if (existing) return { categories: 0, attributes: 0, products: 0 };
  return inTransaction(db, async (trx) => {
    const leafByFamily = await seedCategories(trx, spec);
    const defs = new Map<string, Awaited<ReturnType<typeof createAttributeDefinition>>>();
    for (const [k, a] of spec.attributes.entries()) {
      defs.set(a.code, await createAttributeDefinition(trx, { ...a, position: k }));
    }
    const products = await trx.selectFrom('products').select(['id', 'sku', 'name']).orderBy('id').execute();
    const values: { product_id: number; attribute_id: number; value_text: string; value_number: string | null }[] = [];
    const familyHeads = new Map<string, number>();
    let updated = 0;
    for (const [n, p] of products.entries()) {
      const e = enrichDemoProduct(locale, p, n);
      if (!e) continue;
      const f = spec.families[e.family]!;
      // Variants (CAT-4): in colour families the first colour of a name is the parent of the others.
      const headKey = `${e.family}:${e.nameIndex}:${/-(\d+)$/.exec(p.sku)?.[1] ?? '1'}`;
      let parentId: number | null = null;
      if (f.variantsByColour) {
        const head = familyHeads.get(headKey);
        if (head === undefined) familyHeads.set(headKey, p.id);
        else parentId = head;
      }
      await trx
        .updateTable('products')
        .set({
          ...e.fields,
          category_id: leafByFamily.get(e.family) ?? null,
          parent_id: parentId,
          variant_attributes: JSON.stringify(f.variantsByColour ? { [locale === 'tr' ? 'renk' : 'colour']: e.attributes[locale === 'tr' ? 'renk' : 'colour'] ?? '' } : {}),
        })
        .where('id', '=', p.id)
        .execute();
      updated++;
      for (const [code, raw] of Object.entries(e.attributes)) {
        const def = defs.get(code);
        if (def) values.push({ product_id: p.id, attribute_id: def.id, ...attributeValue(def, raw) });
      }
    }
    for (let i = 0; i < values.length; i += 1000) await trx.insertInto('product_attribute_values').values(values.slice(i, i + 1000)).execute();
    return { categories: new Set(leafByFamily.values()).size, attributes: defs.size, products: updated };
  });
}

// ---------------------------------------------------------------------------------------------
// Demo media (CAT-3): generated image tiles and PDF spec sheets, a few hidden products.

/** Tile colour per family (calm, readable with white text: contrast ≥ 4.5:1). */
const FAMILY_COLOURS: Record<string, string> = {
  LED: '#8a5a00', LMP: '#8a5a00', KBL: '#a23b1c', VID: '#4a5563', FST: '#4a5563', SLK: '#2f6f7e', BOY: '#7a3e8e', PNT: '#7a3e8e',
  IZL: '#5b6b2f', INS: '#5b6b2f', MUS: '#1f5f8b', PLB: '#1f5f8b', ALT: '#b3261e', TLS: '#b3261e', GDA: '#6d4c2f', KTP: '#374b7a', SAF: '#9a4d00',
};

/** One simple white pictogram per family, drawn in a 640×640 box around (320, 250). */
const FAMILY_ICONS: Record<string, string> = {
  bulb: '<circle cx="320" cy="220" r="95"/><rect x="275" y="305" width="90" height="60" rx="10"/><rect x="290" y="370" width="60" height="18" rx="8"/>',
  screw: '<rect x="240" y="110" width="160" height="50" rx="14"/><polygon points="290,160 350,160 340,380 320,420 300,380"/>',
  cable: '<path d="M150 330 C 220 120, 330 420, 400 210 S 500 150, 500 150" fill="none" stroke="#fff" stroke-width="34" stroke-linecap="round"/>',
  paint: '<rect x="215" y="150" width="210" height="230" rx="16"/><rect x="200" y="130" width="240" height="34" rx="10"/>',
  tap: '<rect x="200" y="300" width="240" height="50" rx="12"/><rect x="295" y="170" width="50" height="140"/><path d="M320 170 h140 v70 h-50 v-30 h-90 z"/><rect x="255" y="130" width="130" height="36" rx="12"/>',
  drill: '<rect x="170" y="150" width="240" height="100" rx="24"/><rect x="410" y="180" width="90" height="40"/><rect x="230" y="250" width="80" height="150" rx="14"/>',
  tube: '<rect x="230" y="130" width="150" height="240" rx="26"/><polygon points="380,210 470,240 380,270"/>',
  layers: '<rect x="170" y="140" width="300" height="55" rx="10"/><rect x="170" y="220" width="300" height="55" rx="10"/><rect x="170" y="300" width="300" height="55" rx="10"/>',
  cup: '<path d="M210 170 h200 l-22 210 h-156 z"/><path d="M410 210 c 70 0, 70 100, 0 100" fill="none" stroke="#fff" stroke-width="22"/>',
  book: '<rect x="210" y="120" width="220" height="270" rx="10"/><rect x="230" y="120" width="20" height="270" fill-opacity=".5"/>',
  helmet: '<path d="M170 330 a150 150 0 0 1 300 0 z"/><rect x="140" y="330" width="360" height="34" rx="12"/>',
};
const ICON_OF: Record<string, keyof typeof FAMILY_ICONS> = {
  LED: 'bulb', LMP: 'bulb', KBL: 'cable', VID: 'screw', FST: 'screw', SLK: 'tube', BOY: 'paint', PNT: 'paint', IZL: 'layers', INS: 'layers',
  MUS: 'tap', PLB: 'tap', ALT: 'drill', TLS: 'drill', GDA: 'cup', KTP: 'book', SAF: 'helmet',
};

const escapeXml = (t: string) => t.replace(/[<>&"']/g, (ch) => `&#${ch.charCodeAt(0)};`);

/** Two letters from a product name's first words, Turkish-aware upper case ("ışık led" → "IL"). */
export function initials(name: string, locale: Locale): string {
  const words = name.split(/\s+/).filter((w) => /^\p{L}/u.test(w));
  return words
    .slice(0, 2)
    .map((w) => w[0]!.toLocaleUpperCase(locale === 'tr' ? 'tr-TR' : 'en-GB'))
    .join('');
}

/** Views of a demo product: the front tile (per product name) and two family tiles. */
const VIEWS = { tr: ['ön görünüş', 'detay', 'ambalaj'], en: ['front view', 'detail', 'package'] } as const;

/** The demo tiles are 640 px square, so the 1280 rendition is left out (never upscaled). */
const TILE = 640;

function tileSvg(family: string, view: number, label: string): Buffer {
  const colour = FAMILY_COLOURS[family] ?? '#4a5563';
  const icon = FAMILY_ICONS[ICON_OF[family] ?? 'layers']!;
  const body =
    view === 0
      ? `<g fill="#fff" opacity=".92">${icon}</g><text x="320" y="545" font-size="120" font-weight="700" text-anchor="middle" fill="#fff" font-family="DejaVu Sans, sans-serif">${escapeXml(label)}</text>`
      : view === 1
        ? `<circle cx="320" cy="300" r="250" fill="#fff" fill-opacity=".12"/><g fill="#fff" transform="translate(-160 -75) scale(1.5)">${icon}</g>`
        : `<rect x="110" y="110" width="420" height="420" rx="18" fill="none" stroke="#fff" stroke-width="14" stroke-dasharray="36 18"/><g fill="#fff" opacity=".85" transform="translate(96 70) scale(.7)">${icon}</g><text x="320" y="500" font-size="44" text-anchor="middle" fill="#fff" font-family="DejaVu Sans, sans-serif">${escapeXml(label)}</text>`;
  return Buffer.from(
    `<svg xmlns="http://www.w3.org/2000/svg" width="${TILE}" height="${TILE}" viewBox="0 0 640 640"><rect width="640" height="640" fill="${colour}"/>${body}</svg>`,
  );
}

/** sharp rasterises the SVG (librsvg) and encodes the WebP renditions; low effort keeps the seed quick. */
function renderTile(family: string, view: number, label: string): Promise<Renditions> {
  return renderRenditions(tileSvg(family, view, label), { effort: 0, opaque: true });
}

/** A TTF with Turkish glyphs (ğ ş ı İ) for PDFs (pdfkit's built-in fonts are Latin-1 only), or null. */
export function findUnicodeFont(): string | null {
  const candidates = [
    '/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf',
    '/usr/share/fonts/dejavu/DejaVuSans.ttf',
    '/usr/share/fonts/TTF/DejaVuSans.ttf',
    '/usr/share/fonts/truetype/liberation/LiberationSans-Regular.ttf',
    '/usr/share/fonts/truetype/noto/NotoSans-Regular.ttf',
  ];
  return candidates.find((f) => existsSync(f)) ?? null;
}

interface SpecProduct {
  sku: string;
  name: string;
  barcode: string | null;
  brand: string;
  description: string;
  technical_details: string;
  advantages: string;
  unit: string;
  pieces_per_package: number | null;
  lead_time_days: number;
}

const SPEC_TEXT = {
  tr: { title: 'Teknik Föy', sku: 'Stok kodu', barcode: 'Barkod', brand: 'Marka', unit: 'Birim', perPackage: 'Paket içi adet', lead: 'Tedarik süresi', days: 'iş günü', tech: 'Teknik özellikler', adv: 'Avantajlar', note: 'Bu belge tanıtım amaçlıdır; ölçü ve değerler üretici bilgisine göre değişebilir.' },
  en: { title: 'Spec sheet', sku: 'SKU', barcode: 'Barcode', brand: 'Brand', unit: 'Unit', perPackage: 'Pieces per package', lead: 'Lead time', days: 'working days', tech: 'Technical details', adv: 'Advantages', note: 'For information only; dimensions and values may change with the manufacturer’s data.' },
} as const;

/**
 * A one-page spec sheet with an embedded (subset) TTF so Turkish letters render. One font face
 * only: each embedded face costs ~45 ms to parse and subset, which the demo seed pays per sheet.
 */
export function specSheetPdf(p: SpecProduct, seller: string, locale: Locale, font: Buffer): Promise<Buffer> {
  const t = SPEC_TEXT[locale];
  const doc = new PDFDocument({ size: 'A4', margin: 56, info: { Title: `${t.title}: ${p.name}`, Author: seller }, compress: true });
  doc.registerFont('body', font);
  const chunks: Buffer[] = [];
  doc.on('data', (ch: Buffer) => chunks.push(ch));
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });
  doc.font('body').fontSize(10).fillColor('#5b6470').text(`${seller} · ${t.title}`);
  doc.moveDown(0.5).fontSize(20).fillColor('#1b1f24').text(p.name);
  doc.moveDown(0.3).font('body').fontSize(11).fillColor('#1b1f24').text(p.description);
  doc.moveDown();
  const rows: [string, string][] = [
    [t.sku, p.sku],
    [t.barcode, p.barcode ?? '—'],
    [t.brand, p.brand || '—'],
    [t.unit, p.unit],
    ...(p.pieces_per_package ? [[t.perPackage, String(p.pieces_per_package)] as [string, string]] : []),
    [t.lead, `${p.lead_time_days} ${t.days}`],
  ];
  for (const [k, v] of rows) {
    const y = doc.y;
    doc.fontSize(10).fillColor('#5b6470').text(k, 56, y, { width: 150 });
    doc.fillColor('#1b1f24').text(v, 216, y, { width: 320 });
    doc.moveDown(0.3);
  }
  doc.moveDown().fontSize(14).text(t.tech, 56);
  doc.fontSize(10).text(p.technical_details || '—');
  doc.moveDown().fontSize(14).text(t.adv);
  doc.fontSize(10).list(p.advantages.split(/\s·\s|\n/).filter(Boolean));
  doc.moveDown(2).fontSize(8).fillColor('#5b6470').text(t.note);
  doc.end();
  return done;
}

/** Runs `fn` over `items` with at most `n` at a time (sharp encodes on the libuv pool). */
async function inPool<T>(items: T[], n: number, fn: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(n, items.length) }, async () => {
      while (next < items.length) await fn(items[next++]!);
    }),
  );
}

export interface DemoMediaResult {
  images: number;
  productsWithImages: number;
  documents: number;
  hidden: number;
  /** Why no spec sheets were made, when none were. */
  note?: string;
  /** Milliseconds: rendering tiles, writing image files and rows (after the tiles), PDFs done (from the start, alongside the tiles). */
  ms: { tiles: number; files: number; pdfs: number; total: number };
}

/**
 * Gives a demo seller's catalog images, spec sheets and some hidden products (after
 * seedDemoCatalog). Tiles are rendered once per product name (front) and per family (detail,
 * package) and stored per product through the media store, so each product owns its files.
 * Does nothing when the seller already has product images (safe to run again).
 */
export async function seedDemoMedia(
  db: Kysely<TenantDb>,
  opts: { tenantId: number; dataDir: string; locale: Locale; sellerName: string },
): Promise<DemoMediaResult> {
  const started = performance.now();
  const already = await db.selectFrom('product_images').select('id').limit(1).executeTakeFirst();
  if (already) return { images: 0, productsWithImages: 0, documents: 0, hidden: 0, ms: { tiles: 0, files: 0, pdfs: 0, total: 0 } };
  const store = diskMediaStore(opts.dataDir);
  const products = await db
    .selectFrom('products')
    .select(['id', 'sku', 'name', 'barcode', 'brand', 'description', 'technical_details', 'advantages', 'unit', 'pieces_per_package', 'lead_time_days'])
    .orderBy('id')
    .execute();
  const plan: { id: number; name: string; views: { key: string; family: string; view: number; label: string }[] }[] = [];
  const specs: { id: number; product: SpecProduct }[] = [];
  const hidden: number[] = [];
  const lastSeries = opts.locale === 'tr' ? 3 : 2;
  for (const [n, p] of products.entries()) {
    const m = /^[A-Z]+-([A-Z]+)-(\d\d)(\d\d)(?:-(\d+))?/.exec(p.sku);
    if (!m) continue;
    const [family, i, j, series] = [m[1]!, Number(m[2]) - 1, Number(m[3]) - 1, Number(m[4] ?? 1)];
    // The last variant of the last model series is hidden: dealers never see it, staff do.
    if (j === 4 && series === lastSeries) hidden.push(p.id);
    if (i === 0 && j === 0 && series === 1) specs.push({ id: p.id, product: p }); // one spec sheet per family
    if (n % 5 === 4) continue; // a fifth of the catalog has no images (the page's placeholder)
    const count = 1 + ((i + j) % 3);
    const base = p.name.split(/\s+/).slice(0, 2).join(' ');
    plan.push({
      id: p.id,
      name: p.name,
      views: Array.from({ length: count }, (_, view) =>
        view === 0
          ? { key: `${family}:${base}`, family, view, label: initials(base, opts.locale) }
          : { key: `${family}:${view}`, family, view, label: view === 2 ? family : '' },
      ),
    });
  }
  // Spec sheets are made on the JS thread while sharp renders tiles on its own threads.
  const fontFiles = findUnicodeFont();
  type DocRow = { product_id: number; kind: 'spec_sheet'; title: string; storage_key: string; original_name: string; mime: string; size: number };
  const pdfWork = (async (): Promise<{ rows: DocRow[]; ms: number }> => {
    if (!fontFiles) return { rows: [], ms: 0 };
    const font = readFileSync(fontFiles);
    const docRows: DocRow[] = [];
    for (const { id, product: p } of specs) {
      const pdf = await specSheetPdf(p, opts.sellerName, opts.locale, font);
      const key = await store.putDocument(opts.tenantId, pdf);
      const title = `${SPEC_TEXT[opts.locale].title} ${p.sku}`;
      docRows.push({ product_id: id, kind: 'spec_sheet', title, storage_key: key, original_name: `${slugify(`${SPEC_TEXT[opts.locale].title}-${p.sku}`)}.pdf`, mime: 'application/pdf', size: pdf.byteLength });
    }
    return { rows: docRows, ms: Math.round(performance.now() - started) };
  })();
  // Awaited below; this only keeps a failure while tiles render from counting as unhandled.
  pdfWork.catch(() => undefined);
  // Render each distinct tile once.
  const tiles = new Map<string, { family: string; view: number; label: string }>();
  for (const p of plan) for (const v of p.views) tiles.set(v.key, v);
  const rendered = new Map<string, Renditions>();
  await inPool([...tiles.entries()], 4, async ([key, v]) => {
    rendered.set(key, await renderTile(v.family, v.view, v.label));
  });
  const tilesDone = performance.now();
  // Store per product (each row owns its files) and insert the rows in batches.
  const rows: { product_id: number; storage_key: string; alt: string; width: number; height: number; position: number }[] = [];
  await inPool(plan, 8, async (p) => {
    for (const [position, v] of p.views.entries()) {
      const r = rendered.get(v.key)!;
      const key = await store.putImage(opts.tenantId, r.files);
      rows.push({ product_id: p.id, storage_key: key, alt: `${p.name} — ${VIEWS[opts.locale][v.view]}`, width: r.width, height: r.height, position });
    }
  });
  for (let k = 0; k < rows.length; k += 1000) await db.insertInto('product_images').values(rows.slice(k, k + 1000)).execute();
  const filesDone = performance.now();
  const docs = await pdfWork;
  if (docs.rows.length) await db.insertInto('product_documents').values(docs.rows).execute();
  if (hidden.length) await db.updateTable('products').set({ hidden: true }).where('id', 'in', hidden).execute();
  return {
    images: rows.length,
    productsWithImages: plan.length,
    documents: docs.rows.length,
    hidden: hidden.length,
    note: fontFiles ? undefined : 'no TTF with Turkish glyphs found (DejaVuSans/LiberationSans/NotoSans): spec sheets skipped',
    ms: {
      tiles: Math.round(tilesDone - started),
      files: Math.round(filesDone - tilesDone),
      pdfs: docs.ms,
      total: Math.round(performance.now() - started),
    },
  };
}
