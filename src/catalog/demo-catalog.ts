/**
 * Demo catalog structure for the demo sellers (and the search bench): a two-level category tree,
 * attribute definitions, brands, countries, valid EAN-13 barcodes, lead times, stock behaviours,
 * attribute values and a few variant families, laid over the products already inserted from
 * src/platform/demo-data.ts (SKUs `<prefix>-<FAMILY>-<iijj>[-<series>]`). Deterministic.
 */
import type { Kysely } from 'kysely';
import type { OutOfStockBehaviour, ProductOrderType, TenantDb } from '../db/types.ts';
import type { Locale } from '../i18n/define.ts';
import { createCategory, slugify } from './categories.ts';
import { gtinCheckDigit } from './gtin.ts';
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
