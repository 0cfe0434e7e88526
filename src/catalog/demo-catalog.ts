/**
 * Demo catalog structure for the demo sellers (and the search bench): a two-level category tree,
 * attribute definitions, brands, countries, valid EAN-13 barcodes, lead times, stock behaviours,
 * attribute values and a few variant families, laid over the products already inserted from
 * src/platform/demo-data.ts (SKUs `<prefix>-<FAMILY>-<iijj>[-<series>]`). Deterministic.
 */
import path from 'node:path';
import { existsSync, readFileSync } from 'node:fs';
import { sql, type Kysely } from 'kysely';
import PDFDocument from 'pdfkit';
import type { OutOfStockBehaviour, ProductOrderType, TenantDb } from '../db/types.ts';
import type { Locale } from '../i18n/define.ts';
import { createCategory, slugify } from './categories.ts';
import { gtinCheckDigit } from './gtin.ts';
import { renderRenditions, type Renditions } from './media-files.ts';
import { diskMediaStore } from './media-storage.ts';
import { inTransaction } from './tx.ts';
import { attributeValue, createAttributeDefinition } from './products.ts';
import { DEMO_SERIES, demoBrand, demoMinStock, type DemoProduct } from '../platform/demo-data.ts';

interface AttrSpec {
  code: string;
  name: string;
  type: 'text' | 'number' | 'choice';
  unit?: string;
  choices?: string[];
  filterable: boolean;
  variantAxis?: boolean;
}

/** The white pictogram on a family's generated image tiles (see FAMILY_ICONS). */
type Icon = 'bulb' | 'screw' | 'cable' | 'paint' | 'tap' | 'drill' | 'tube' | 'layers' | 'cup' | 'book' | 'helmet' | 'plug' | 'lock' | 'pipe' | 'brush' | 'sack' | 'leaf' | 'hammer' | 'disc';

interface FamilySpec {
  /** [top-level category, sub category] */
  category: [string, string];
  icon: Icon;
  /** Where some of the family is made, besides the brand's home country. */
  countries: string[];
  material?: string[];
  colour?: string[];
  /** Colour and material follow the product name (sizes of one glove share its colour), not the variant. */
  byName?: boolean;
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
    { code: 'renk', name: 'Renk', type: 'choice', choices: ['Beyaz', 'Siyah', 'Gri', 'Krom', 'Şeffaf', 'Kırmızı', 'Altın', 'Mat Siyah', 'Gün Işığı', 'Krem', 'Antrasit', 'Sarı', 'Turuncu', 'Kahverengi', 'Yeşil', 'Mavi'], filterable: true, variantAxis: true },
    { code: 'malzeme', name: 'Malzeme', type: 'choice', choices: ['Çelik', 'Paslanmaz Çelik', 'Alüminyum', 'Bakır', 'Plastik', 'Pirinç', 'Taş Yünü', 'Doğal', 'Çinko', 'Seramik', 'Kumaş', 'Deri'], filterable: true },
    { code: 'guc', name: 'Güç', type: 'number', unit: 'W', filterable: true },
    { code: 'hacim', name: 'Hacim', type: 'number', unit: 'L', filterable: true },
    { code: 'kalinlik', name: 'Kalınlık', type: 'number', unit: 'cm', filterable: true },
    { code: 'cap', name: 'Çap', type: 'number', unit: 'mm', filterable: true },
    { code: 'agirlik', name: 'Ağırlık', type: 'number', unit: 'kg', filterable: true },
    { code: 'uzunluk', name: 'Uzunluk', type: 'number', unit: 'm', filterable: true },
    { code: 'garanti', name: 'Garanti süresi', type: 'number', unit: 'yıl', filterable: true },
    { code: 'model', name: 'Model', type: 'text', filterable: false },
  ],
  // Category tree: created in this order (Aydınlatma › Işık ve LED Ürünleri first).
  families: {
    LED: { category: ['Aydınlatma', 'Işık ve LED Ürünleri'], icon: 'bulb', countries: ['CN'], colour: ['Gün Işığı', 'Beyaz', 'Beyaz', 'Beyaz', 'Gri'], number: { code: 'guc', values: [9, 12, 18, 40, 50] }, leadDays: 2 },
    ARM: { category: ['Aydınlatma', 'Armatürler'], icon: 'bulb', countries: ['CN', 'IT'], material: ['Alüminyum', 'Plastik'], colour: ['Beyaz', 'Siyah', 'Gri', 'Beyaz', 'Siyah'], number: { code: 'guc', values: [18, 36, 24, 18, 12] }, leadDays: 3 },
    VID: { category: ['Hırdavat', 'Vida ve Dübel'], icon: 'screw', countries: ['DE', 'CN'], material: ['Çelik', 'Paslanmaz Çelik'], leadDays: 1, piecesPerPackage: 100 },
    CIV: { category: ['Hırdavat', 'Civata ve Somun'], icon: 'screw', countries: ['DE', 'CN'], material: ['Çelik', 'Paslanmaz Çelik', 'Çinko'], number: { code: 'cap', values: [6, 8, 10, 12, 16] }, leadDays: 1, piecesPerPackage: 50 },
    KLT: { category: ['Hırdavat', 'Kilit ve Kapı Aksesuarları'], icon: 'lock', countries: ['IT', 'CN'], material: ['Pirinç', 'Çinko', 'Paslanmaz Çelik'], colour: ['Krom', 'Mat Siyah', 'Altın', 'Beyaz', 'Antrasit'], leadDays: 3, variantsByColour: true },
    KBL: { category: ['Elektrik', 'Kablolar'], icon: 'cable', countries: ['TR'], material: ['Bakır'], colour: ['Kırmızı', 'Siyah', 'Gri', 'Gri', 'Gri'], leadDays: 3 },
    PRZ: { category: ['Elektrik', 'Priz ve Anahtarlar'], icon: 'plug', countries: ['CN'], material: ['Plastik'], colour: ['Beyaz', 'Krem', 'Antrasit', 'Siyah', 'Altın'], leadDays: 2, variantsByColour: true },
    SIG: { category: ['Elektrik', 'Sigorta ve Pano'], icon: 'plug', countries: ['DE', 'CN'], material: ['Plastik'], leadDays: 4 },
    UZT: { category: ['Elektrik', 'Uzatma ve Grup Prizler'], icon: 'cable', countries: ['CN'], material: ['Plastik', 'Bakır'], colour: ['Beyaz', 'Beyaz', 'Siyah', 'Turuncu', 'Turuncu'], number: { code: 'uzunluk', values: [1.5, 3, 5, 25, 50] }, leadDays: 2 },
    MUS: { category: ['Sıhhi Tesisat', 'Banyo ve Mutfak Bataryaları'], icon: 'tap', countries: ['IT'], material: ['Pirinç'], colour: ['Krom', 'Mat Siyah', 'Altın', 'Beyaz', 'Gri'], leadDays: 4, variantsByColour: true },
    PPR: { category: ['Sıhhi Tesisat', 'Boru ve Bağlantı Parçaları'], icon: 'pipe', countries: ['TR'], material: ['Plastik', 'Pirinç'], number: { code: 'cap', values: [20, 25, 32, 40, 50] }, leadDays: 2 },
    VIT: { category: ['Sıhhi Tesisat', 'Vitrifiye ve Banyo'], icon: 'tap', countries: ['TR', 'CN'], material: ['Seramik'], colour: ['Beyaz'], orderType: 'mto', leadDays: 7 },
    KMB: { category: ['Sıhhi Tesisat', 'Isıtma'], icon: 'layers', countries: ['TR', 'DE'], material: ['Çelik'], colour: ['Beyaz'], leadDays: 5 },
    BOY: { category: ['Boya', 'İç ve Dış Cephe Boyaları'], icon: 'paint', countries: ['TR'], colour: ['Beyaz', 'Beyaz', 'Gri', 'Siyah', 'Turuncu'], number: { code: 'hacim', values: [2.5, 7.5, 15, 0.75, 2.5] }, leadDays: 3 },
    VRN: { category: ['Boya', 'Vernik ve Ahşap Koruyucular'], icon: 'paint', countries: ['TR', 'IT'], colour: ['Şeffaf', 'Şeffaf', 'Kahverengi', 'Kahverengi', 'Şeffaf'], number: { code: 'hacim', values: [0.75, 2.5, 0.75, 2.5, 5] }, leadDays: 3 },
    FRC: { category: ['Boya', 'Boya Malzemeleri'], icon: 'brush', countries: ['CN'], material: ['Plastik', 'Doğal'], leadDays: 1 },
    SLK: { category: ['Yapı Kimyasalları', 'Silikon ve Yapıştırıcılar'], icon: 'tube', countries: ['IT', 'DE'], colour: ['Şeffaf', 'Beyaz', 'Gri', 'Kırmızı', 'Beyaz'], leadDays: 2, piecesPerPackage: 24 },
    IZL: { category: ['Yapı Kimyasalları', 'Isı ve Su Yalıtımı'], icon: 'layers', countries: ['DE'], material: ['Taş Yünü'], number: { code: 'kalinlik', values: [3, 5, 8, 10, 20] }, orderType: 'mto', leadDays: 10 },
    HRC: { category: ['Yapı Kimyasalları', 'Harç ve Sıva'], icon: 'sack', countries: ['TR'], number: { code: 'agirlik', values: [5, 10, 20, 25, 35] }, leadDays: 2 },
    BHC: { category: ['Bahçe', 'Bahçe Aletleri'], icon: 'leaf', countries: ['CN', 'DE'], material: ['Çelik', 'Alüminyum'], leadDays: 3 },
    HRT: { category: ['Bahçe', 'Sulama'], icon: 'cable', countries: ['CN'], material: ['Plastik'], colour: ['Yeşil', 'Yeşil', 'Sarı', 'Yeşil', 'Gri'], leadDays: 2 },
    BMK: { category: ['Bahçe', 'Bahçe Makineleri'], icon: 'drill', countries: ['CN', 'DE'], number: { code: 'guc', values: [1000, 1600, 400, 700, 1900] }, leadDays: 5 },
    ISG: { category: ['İş Güvenliği', 'Koruyucu Donanım'], icon: 'helmet', countries: ['CN', 'DE'], colour: ['Gri', 'Şeffaf', 'Sarı', 'Beyaz', 'Beyaz', 'Sarı'], material: ['Kumaş', 'Plastik', 'Plastik', 'Plastik', 'Kumaş', 'Kumaş'], byName: true, leadDays: 2 },
    AYK: { category: ['İş Güvenliği', 'İş Ayakkabısı ve Giysileri'], icon: 'helmet', countries: ['CN', 'IT'], colour: ['Siyah', 'Siyah', 'Mavi', 'Antrasit', 'Sarı', 'Mavi'], material: ['Deri', 'Deri', 'Kumaş', 'Kumaş', 'Kumaş', 'Kumaş'], byName: true, leadDays: 3 },
    ALT: { category: ['El Aletleri', 'Elektrikli El Aletleri'], icon: 'drill', countries: ['DE', 'CN'], number: { code: 'guc', values: [250, 450, 750, 1050, 450] }, leadDays: 2 },
    ELA: { category: ['El Aletleri', 'Tamir ve Montaj Aletleri'], icon: 'hammer', countries: ['DE', 'CN'], material: ['Çelik'], leadDays: 2 },
    AKS: { category: ['El Aletleri', 'Aksesuar ve Sarf Malzemeleri'], icon: 'disc', countries: ['DE', 'CN'], number: { code: 'cap', values: [115, 125, 180, 230, 125] }, leadDays: 1 },
    GDA: { category: ['İkram ve Ofis', 'Gıda Ürünleri'], icon: 'cup', countries: ['TR'], material: ['Doğal'], leadDays: 1 },
    KTP: { category: ['İkram ve Ofis', 'Kitap ve Yayın'], icon: 'book', countries: ['TR'], orderType: 'eto', leadDays: 14 },
  },
};

const EN: CatalogSpec = {
  gs1Prefix: '709',
  advantages: 'Next-day delivery · Service and spare parts · Documentation in English and Norwegian',
  attributes: [
    { code: 'colour', name: 'Colour', type: 'choice', choices: ['White', 'Black', 'Grey', 'Chrome', 'Clear', 'Oak', 'Steel', 'Hi-Vis', 'Brass', 'Orange', 'Green', 'Navy'], filterable: true, variantAxis: true },
    { code: 'material', name: 'Material', type: 'choice', choices: ['Steel', 'Galvanised steel', 'Stainless steel', 'Brass', 'Plastic', 'Stone wool', 'Aluminium', 'Copper', 'Ceramic', 'Cotton/polyester', 'Leather', 'Natural'], filterable: true },
    { code: 'power', name: 'Power', type: 'number', unit: 'W', filterable: true },
    { code: 'thickness', name: 'Thickness', type: 'number', unit: 'mm', filterable: true },
    { code: 'volume', name: 'Volume', type: 'number', unit: 'L', filterable: true },
    { code: 'diameter', name: 'Diameter', type: 'number', unit: 'mm', filterable: true },
    { code: 'weight', name: 'Weight', type: 'number', unit: 'kg', filterable: true },
    { code: 'warranty', name: 'Warranty', type: 'number', unit: 'years', filterable: true },
    { code: 'model', name: 'Model', type: 'text', filterable: false },
  ],
  families: {
    LMP: { category: ['Electrical', 'Lighting'], icon: 'bulb', countries: ['CN'], colour: ['White', 'White', 'Grey', 'Black', 'White'], number: { code: 'power', values: [6, 10, 20, 50, 36] }, leadDays: 2 },
    ELC: { category: ['Electrical', 'Switches and Sockets'], icon: 'plug', countries: ['CN'], material: ['Plastic'], colour: ['White', 'Black', 'Grey', 'Steel', 'Oak'], leadDays: 2, variantsByColour: true },
    CBL: { category: ['Electrical', 'Cables'], icon: 'cable', countries: ['SE'], material: ['Copper'], colour: ['Grey', 'Grey', 'Grey', 'Black', 'Black'], leadDays: 3 },
    FUS: { category: ['Electrical', 'Fuses and Panels'], icon: 'plug', countries: ['DE', 'CN'], material: ['Plastic'], leadDays: 4 },
    HEA: { category: ['Electrical', 'Heating'], icon: 'layers', countries: ['SE', 'PL'], colour: ['White'], number: { code: 'power', values: [400, 600, 800, 1000, 1500] }, leadDays: 3 },
    FST: { category: ['Fasteners', 'Screws and Anchors'], icon: 'screw', countries: ['DE', 'CN'], material: ['Galvanised steel', 'Steel', 'Stainless steel'], leadDays: 1, piecesPerPackage: 100 },
    BLT: { category: ['Fasteners', 'Bolts and Nuts'], icon: 'screw', countries: ['DE', 'CN'], material: ['Galvanised steel', 'Stainless steel'], number: { code: 'diameter', values: [6, 8, 10, 12, 16] }, leadDays: 1, piecesPerPackage: 50 },
    NAL: { category: ['Fasteners', 'Nails and Staples'], icon: 'screw', countries: ['SE'], material: ['Galvanised steel', 'Steel'], leadDays: 1, piecesPerPackage: 250 },
    TLS: { category: ['Tools', 'Power Tools'], icon: 'drill', countries: ['CN', 'DE'], number: { code: 'power', values: [250, 450, 1200, 850, 450] }, leadDays: 2 },
    HND: { category: ['Tools', 'Hand Tools'], icon: 'hammer', countries: ['DE', 'CN'], material: ['Steel'], leadDays: 2 },
    ACC: { category: ['Tools', 'Accessories and Consumables'], icon: 'disc', countries: ['DE', 'CN'], number: { code: 'diameter', values: [115, 125, 180, 230, 125] }, leadDays: 1 },
    PNT: { category: ['Paint and Finishes', 'Maling (Paint)'], icon: 'paint', countries: ['NO'], colour: ['White', 'White', 'Grey', 'Black', 'Clear'], number: { code: 'volume', values: [3, 10, 2.7, 0.9, 5] }, leadDays: 3 },
    STN: { category: ['Paint and Finishes', 'Wood Stain and Oil'], icon: 'paint', countries: ['NO'], colour: ['Clear', 'Clear', 'Oak', 'Oak', 'Clear'], number: { code: 'volume', values: [0.9, 2.7, 0.9, 2.7, 10] }, leadDays: 3 },
    BRS: { category: ['Paint and Finishes', 'Brushes and Rollers'], icon: 'brush', countries: ['CN'], material: ['Plastic', 'Natural'], leadDays: 1 },
    INS: { category: ['Building Materials', 'Insulation'], icon: 'layers', countries: ['NO', 'DK'], material: ['Stone wool'], number: { code: 'thickness', values: [50, 100, 150, 50, 25] }, orderType: 'mto', leadDays: 10 },
    MOR: { category: ['Building Materials', 'Mortar and Concrete'], icon: 'sack', countries: ['NO', 'SE'], number: { code: 'weight', values: [5, 10, 15, 20, 25] }, leadDays: 2 },
    SEA: { category: ['Building Materials', 'Sealants and Adhesives'], icon: 'tube', countries: ['DE', 'IT'], colour: ['Clear', 'White', 'Grey', 'Grey', 'White'], leadDays: 2, piecesPerPackage: 25 },
    PLB: { category: ['Plumbing', 'Taps and Valves'], icon: 'tap', countries: ['SE', 'FI'], material: ['Brass'], colour: ['Chrome', 'Black', 'Steel', 'White', 'Brass'], leadDays: 4, variantsByColour: true },
    PIP: { category: ['Plumbing', 'Pipes and Fittings'], icon: 'pipe', countries: ['SE', 'DE'], material: ['Plastic', 'Brass', 'Copper'], number: { code: 'diameter', values: [15, 22, 28, 32, 50] }, leadDays: 2 },
    BTH: { category: ['Plumbing', 'Bathroom'], icon: 'tap', countries: ['PL', 'CN'], material: ['Ceramic'], colour: ['White'], orderType: 'mto', leadDays: 7 },
    GRD: { category: ['Garden', 'Garden Tools'], icon: 'leaf', countries: ['CN', 'DE'], material: ['Steel', 'Aluminium'], leadDays: 3 },
    WAT: { category: ['Garden', 'Watering'], icon: 'cable', countries: ['DE', 'CN'], material: ['Plastic'], colour: ['Green', 'Green', 'Grey', 'Green', 'Orange'], leadDays: 2 },
    OPE: { category: ['Garden', 'Outdoor Power Equipment'], icon: 'drill', countries: ['SE', 'CN'], number: { code: 'power', values: [1000, 1600, 400, 700, 1900] }, leadDays: 5 },
    SAF: { category: ['Workwear and Safety', 'Protective Equipment'], icon: 'helmet', countries: ['CN', 'US'], colour: ['Grey', 'Clear', 'Orange', 'White', 'White', 'Hi-Vis'], material: ['Cotton/polyester', 'Plastic', 'Plastic', 'Plastic', 'Cotton/polyester', 'Cotton/polyester'], byName: true, leadDays: 2 },
    WRK: { category: ['Workwear and Safety', 'Arbeidsklær (Workwear)'], icon: 'helmet', countries: ['CN', 'PL'], colour: ['Black', 'Grey', 'Black', 'Navy', 'Navy', 'Hi-Vis'], material: ['Cotton/polyester', 'Cotton/polyester', 'Leather', 'Cotton/polyester', 'Cotton/polyester', 'Cotton/polyester'], byName: true, leadDays: 3 },
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
  /** The model series (brand line) from the SKU suffix, 1 when there is none. */
  series: number;
}

/** `<prefix>-<FAMILY>-<iijj>[-<series>]` → its parts (indices from 0), or null for other SKUs. */
export function parseDemoSku(sku: string): { family: string; i: number; j: number; series: number } | null {
  const m = /^[A-Z]+-([A-Z]+)-(\d\d)(\d\d)(?:-(\d+))?/.exec(sku);
  if (!m) return null;
  return { family: m[1]!, i: Number(m[2]) - 1, j: Number(m[3]) - 1, series: Number(m[4] ?? 1) };
}

/** Derived purely from the SKU and a running number, so demo and bench data agree. */
export function enrichDemoProduct(locale: Locale, p: { sku: string; name: string }, n: number): DemoEnrichment | null {
  const spec = demoCatalogSpec(locale);
  const parsed = parseDemoSku(p.sku);
  if (!parsed) return null;
  const { family, i, j, series } = parsed;
  const f = spec.families[family];
  const brand = demoBrand(locale, family, series);
  if (!f || !brand) return null;
  const pick = <T,>(list: T[], k: number) => list[k % list.length]!;
  const attributes: Record<string, string> = {};
  const colourCode = locale === 'tr' ? 'renk' : 'colour';
  const materialCode = locale === 'tr' ? 'malzeme' : 'material';
  const warrantyCode = locale === 'tr' ? 'garanti' : 'warranty';
  if (f.colour) attributes[colourCode] = pick(f.colour, f.byName ? i : j);
  if (f.material) attributes[materialCode] = pick(f.material, f.byName ? i : i + j);
  if (f.number) attributes[f.number.code] = String(pick(f.number.values, j));
  attributes[warrantyCode] = String(1 + ((i + series) % 3));
  attributes.model = `${family}-${String(i + 1).padStart(2, '0')}${String(j + 1).padStart(2, '0')}`;
  const behaviours: OutOfStockBehaviour[] = ['backorder', 'backorder', 'block', 'hide'];
  return {
    family,
    nameIndex: i,
    variantIndex: j,
    series,
    attributes,
    fields: {
      brand: brand.name,
      manufacturer: brand.manufacturer,
      // Mostly made where the brand is at home; a third comes from the family's other sources.
      country_of_origin: (i + j) % 3 === 2 && f.countries.length ? pick(f.countries, i + series) : brand.country,
      barcode: demoEan13(spec.gs1Prefix, 100000 + n),
      lead_time_days: f.leadDays + (series - 1),
      order_type: f.orderType ?? 'stock',
      out_of_stock_behaviour: pick(behaviours, n),
      backorder_extra_days: 7,
      min_stock: demoMinStock(locale, family),
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

/** Columns the demo enrichment writes, with their SQL types (for the multi-row UPDATE … FROM VALUES). */
const ENRICHED_COLUMNS = {
  brand: 'text', manufacturer: 'text', country_of_origin: 'text', barcode: 'text', lead_time_days: 'integer', order_type: 'text',
  out_of_stock_behaviour: 'text', backorder_extra_days: 'integer', min_stock: 'integer', min_order_qty: 'integer', pieces_per_package: 'integer',
  packages_per_pallet: 'integer', short_description: 'text', advantages: 'text', technical_details: 'text', weight_g: 'integer',
  category_id: 'bigint', parent_id: 'bigint', variant_attributes: 'jsonb',
} as const;
type EnrichedRow = { id: number } & { [K in keyof typeof ENRICHED_COLUMNS]: string | number | null };

/**
 * One UPDATE per batch of rows instead of one per product (a few thousand demo rows): the
 * query builder's `update … from (values …) as v(…)`, so the tenant schema applies to `products`.
 */
async function updateEnriched(db: Kysely<TenantDb>, rows: EnrichedRow[]): Promise<void> {
  const cols = Object.keys(ENRICHED_COLUMNS) as (keyof typeof ENRICHED_COLUMNS)[];
  for (let k = 0; k < rows.length; k += 1000) {
    const values = rows.slice(k, k + 1000).map(
      (r) => sql`(${sql.join([sql`${r.id}::bigint`, ...cols.map((c) => sql`${r[c]}::${sql.raw(ENRICHED_COLUMNS[c])}`)])})`,
    );
    const v = sql<EnrichedRow>`(values ${sql.join(values)})`.as<'v'>(sql`v(${sql.join([sql.ref('id'), ...cols.map((c) => sql.ref(c))])})`);
    await db
      .updateTable('products')
      .from(v)
      .set(Object.fromEntries(cols.map((c) => [c, sql.ref(`v.${c}`)])))
      .whereRef('products.id', '=', sql.ref('v.id') as never)
      .execute();
  }
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
    const rows: EnrichedRow[] = [];
    const familyHeads = new Map<string, number>();
    const colourCode = locale === 'tr' ? 'renk' : 'colour';
    for (const [n, p] of products.entries()) {
      const e = enrichDemoProduct(locale, p, n);
      if (!e) continue;
      const f = spec.families[e.family]!;
      // Variants (CAT-4): in colour families the first colour of a name is the parent of the others.
      const headKey = `${e.family}:${e.nameIndex}:${e.series}`;
      let parentId: number | null = null;
      if (f.variantsByColour) {
        const head = familyHeads.get(headKey);
        if (head === undefined) familyHeads.set(headKey, p.id);
        else parentId = head;
      }
      rows.push({
        id: p.id,
        ...e.fields,
        category_id: leafByFamily.get(e.family) ?? null,
        parent_id: parentId,
        variant_attributes: JSON.stringify(f.variantsByColour ? { [colourCode]: e.attributes[colourCode] ?? '' } : {}),
      });
      for (const [code, raw] of Object.entries(e.attributes)) {
        const def = defs.get(code);
        if (def) values.push({ product_id: p.id, attribute_id: def.id, ...attributeValue(def, raw) });
      }
    }
    await updateEnriched(trx, rows);
    for (let i = 0; i < values.length; i += 2000) await trx.insertInto('product_attribute_values').values(values.slice(i, i + 2000)).execute();
    return { categories: new Set(leafByFamily.values()).size, attributes: defs.size, products: rows.length };
  });
}

/**
 * Inserts a demo seller's products with the catalog structure already laid over them (the
 * `npm start` seed): categories and attribute definitions first, then every product enriched in
 * large multi-row inserts (variant parents before their variants), then the attribute values.
 * Each row is written twice (insert, then the attr_text trigger) instead of three times with
 * insert + seedDemoCatalog. Same data as inserting `products` and calling seedDemoCatalog.
 */
export async function insertDemoCatalog(
  db: Kysely<TenantDb>,
  locale: Locale,
  products: DemoProduct[],
  opts: { schema?: string } = {},
): Promise<{ categories: number; attributes: number; products: number }> {
  const spec = demoCatalogSpec(locale);
  return inTransaction(db, async (trx) => {
    const leafByFamily = await seedCategories(trx, spec);
    const defs = new Map<string, Awaited<ReturnType<typeof createAttributeDefinition>>>();
    for (const [k, a] of spec.attributes.entries()) {
      defs.set(a.code, await createAttributeDefinition(trx, { ...a, position: k }));
    }
    const colourCode = locale === 'tr' ? 'renk' : 'colour';
    type Planned = { row: DemoProduct & Partial<Omit<EnrichedRow, 'id'>>; e: DemoEnrichment | null; headSku: string | null };
    const heads = new Map<string, string>();
    const planned: Planned[] = products.map((p, n) => {
      const e = enrichDemoProduct(locale, p, n);
      if (!e) return { row: p, e, headSku: null };
      const f = spec.families[e.family]!;
      let headSku: string | null = null;
      if (f.variantsByColour) {
        const key = `${e.family}:${e.nameIndex}:${e.series}`;
        const head = heads.get(key);
        if (head === undefined) heads.set(key, p.sku);
        else headSku = head;
      }
      // products.attr_text as the attribute trigger would write it (values by attribute id).
      const attrText = Object.entries(e.attributes)
        .flatMap(([code, raw]) => {
          const def = defs.get(code);
          return def ? [{ id: def.id, text: attributeValue(def, raw).value_text }] : [];
        })
        .sort((x, y) => x.id - y.id)
        .map((x) => x.text)
        .join(' ');
      return {
        e,
        headSku,
        row: {
          ...p,
          ...e.fields,
          ...(opts.schema ? { attr_text: attrText } : {}),
          category_id: leafByFamily.get(e.family) ?? null,
          variant_attributes: JSON.stringify(f.variantsByColour ? { [colourCode]: e.attributes[colourCode] ?? '' } : {}),
        },
      };
    });
    const ids = new Map<string, number>();
    const insert = async (list: Planned[]) => {
      for (let k = 0; k < list.length; k += 1000) {
        const rows = list.slice(k, k + 1000).map((x) => ({ ...x.row, parent_id: x.headSku ? ids.get(x.headSku)! : null }));
        const inserted = await trx.insertInto('products').values(rows as never).returning(['id', 'sku']).execute();
        for (const r of inserted) ids.set(r.sku, r.id);
      }
    };
    await insert(planned.filter((x) => !x.headSku));
    await insert(planned.filter((x) => x.headSku));
    const values: { product_id: number; attribute_id: number; value_text: string; value_number: string | null }[] = [];
    for (const { row, e } of planned) {
      if (!e) continue;
      for (const [code, raw] of Object.entries(e.attributes)) {
        const def = defs.get(code);
        if (def) values.push({ product_id: ids.get(row.sku)!, attribute_id: def.id, ...attributeValue(def, raw) });
      }
    }
    // With the schema known, attr_text went in with the rows: the statement trigger that would
    // rewrite every product again (search columns and GIN entries included) is switched off for
    // this insert. The tenant is being provisioned in this transaction; nobody else sees it.
    const table = opts.schema ? sql.table(`${opts.schema}.product_attribute_values`) : null;
    if (table) await sql`alter table ${table} disable trigger product_attribute_values_ins`.execute(trx);
    for (let i = 0; i < values.length; i += 2000) await trx.insertInto('product_attribute_values').values(values.slice(i, i + 2000)).execute();
    if (table) await sql`alter table ${table} enable trigger product_attribute_values_ins`.execute(trx);
    return { categories: new Set(leafByFamily.values()).size, attributes: defs.size, products: planned.filter((x) => x.e).length };
  });
}

// ---------------------------------------------------------------------------------------------
// Demo media (CAT-3): generated image tiles and PDF spec sheets, a few hidden products.

/** Tile colour per pictogram (calm, readable with white text: contrast ≥ 4.5:1). */
const ICON_COLOURS: Record<Icon, string> = {
  bulb: '#8a5a00', cable: '#a23b1c', screw: '#4a5563', tube: '#2f6f7e', paint: '#7a3e8e', layers: '#5b6b2f', tap: '#1f5f8b', drill: '#b3261e',
  cup: '#6d4c2f', book: '#374b7a', helmet: '#9a4d00', plug: '#5a4a8a', lock: '#44546a', pipe: '#1d6a6a', brush: '#8a3a5e', sack: '#6b5a3a',
  leaf: '#2e6b34', hammer: '#6a4a3a', disc: '#4f5a66',
};

/** One simple white pictogram per family kind, drawn in a 640×640 box around (320, 250). */
const FAMILY_ICONS: Record<Icon, string> = {
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
  plug: '<rect x="200" y="130" width="240" height="240" rx="36"/><circle cx="280" cy="250" r="22" fill="#000" fill-opacity=".35"/><circle cx="360" cy="250" r="22" fill="#000" fill-opacity=".35"/>',
  lock: '<path d="M250 230 v-50 a70 70 0 0 1 140 0 v50" fill="none" stroke="#fff" stroke-width="30"/><rect x="210" y="230" width="220" height="170" rx="18"/>',
  pipe: '<rect x="140" y="200" width="240" height="80" rx="10"/><rect x="380" y="200" width="80" height="200" rx="10"/><rect x="130" y="185" width="30" height="110" rx="6"/>',
  brush: '<rect x="290" y="110" width="60" height="170" rx="20"/><rect x="240" y="280" width="160" height="40" rx="8"/><path d="M240 320 h160 l-10 90 h-140 z"/>',
  sack: '<path d="M230 150 h180 l30 250 h-240 z"/><rect x="250" y="120" width="140" height="40" rx="12"/>',
  leaf: '<path d="M320 110 C 470 170, 470 330, 320 400 C 170 330, 170 170, 320 110 z"/><rect x="312" y="380" width="16" height="50" rx="6"/>',
  hammer: '<rect x="180" y="130" width="220" height="80" rx="14"/><rect x="290" y="210" width="50" height="200" rx="14"/>',
  disc: '<circle cx="320" cy="250" r="150"/><circle cx="320" cy="250" r="40" fill="#000" fill-opacity=".35"/>',
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

/** Views of a demo product: the front tile (per product name) and two tiles per pictogram (detail, package). */
const VIEWS = { tr: ['ön görünüş', 'detay', 'ambalaj'], en: ['front view', 'detail', 'package'] } as const;

/** About how many products of a large demo catalog get images (the seed time follows it). */
export const DEMO_IMAGE_PRODUCTS = 450;
const IMAGED_NAMES = 2;

/** The demo tiles are 640 px square, so the 1280 rendition is left out (never upscaled). */
const TILE = 640;

function tileSvg(kind: Icon, view: number, label: string): Buffer {
  const colour = ICON_COLOURS[kind];
  const icon = FAMILY_ICONS[kind];
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
function renderTile(kind: Icon, view: number, label: string): Promise<Renditions> {
  return renderRenditions(tileSvg(kind, view, label), { effort: 0, opaque: true });
}

/** A TTF with Turkish glyphs (ğ ş ı İ) for PDFs (pdfkit's built-in fonts are Latin-1 only), or null. */
export function findUnicodeFont(): string | null {
  const candidates = [
    // Bundled with the repository (DejaVu licence in assets/fonts), so PDFs never depend on the OS.
    path.resolve(import.meta.dirname, '..', '..', 'assets', 'fonts', 'DejaVuSans.ttf'),
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
  const plan: { id: number; name: string; views: { key: string; kind: Icon; view: number; label: string }[] }[] = [];
  const specs: { id: number; product: SpecProduct }[] = [];
  const hidden: number[] = [];
  const spec = demoCatalogSpec(opts.locale);
  const lastSeries = DEMO_SERIES[opts.locale];
  const demo = products.flatMap((p) => {
    const parsed = parseDemoSku(p.sku);
    return parsed ? [{ p, ...parsed }] : [];
  });
  // Images for a capped, evenly spread subset (every family, brand and price level): four in
  // five products of a small catalog, about DEMO_IMAGE_PRODUCTS of a large one. The rest show
  // the page's placeholder. Tiles are per product name, so the cost follows the subset.
  // Only the first IMAGED_NAMES product names of a family have pictures (a tile per name is the costly part).
  const candidates = demo.filter((d) => d.i < IMAGED_NAMES).length;
  const share = Math.min(0.8, DEMO_IMAGE_PRODUCTS / Math.max(1, candidates));
  // A spec sheet on the first product of the first family in each top-level category (PDFs are made on the JS thread).
  const sheetFamilies = new Set<string>();
  const tops = new Set<string>();
  for (const [code, f] of Object.entries(spec.families)) {
    if (!tops.has(f.category[0])) sheetFamilies.add(code);
    tops.add(f.category[0]);
  }
  let n = -1;
  for (const { p, family, i, j, series } of demo) {
    if (i < IMAGED_NAMES) n++;
    // The last variant of every other name in the last brand line is hidden: dealers never see it, staff do.
    if (j === 4 && series === lastSeries && i % 2 === 0) hidden.push(p.id);
    if (i === 0 && j === 0 && series === 1 && sheetFamilies.has(family)) specs.push({ id: p.id, product: p });
    if (i >= IMAGED_NAMES) continue;
    if (Math.floor((n + 1) * share) === Math.floor(n * share)) continue;
    const kind = spec.families[family]?.icon ?? 'layers';
    const count = 1 + ((i + j) % 3);
    // The front tile shows the product name's initials (without the brand that leads the name).
    const bare = p.brand && p.name.startsWith(`${p.brand} `) ? p.name.slice(p.brand.length + 1) : p.name;
    const base = bare.split(/\s+/).slice(0, 2).join(' ');
    plan.push({
      id: p.id,
      name: p.name,
      views: Array.from({ length: count }, (_, view) =>
        view === 0
          ? { key: `${family}:${base}`, kind, view, label: initials(base, opts.locale) }
          : { key: `${kind}:${view}`, kind, view, label: '' },
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
  const tiles = new Map<string, { kind: Icon; view: number; label: string }>();
  for (const p of plan) for (const v of p.views) tiles.set(v.key, v);
  const rendered = new Map<string, Renditions>();
  await inPool([...tiles.entries()], 4, async ([key, v]) => {
    rendered.set(key, await renderTile(v.kind, v.view, v.label));
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
