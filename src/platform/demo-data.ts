/**
 * Deterministic demo catalogues: real-sounding hardware and building-supply products,
 * Turkish for `acme`, English for `nordic`. Prices are in minor units (kuruş / øre).
 */
export interface DemoProduct {
  sku: string;
  name: string;
  description: string;
  unit: string;
  list_price: number;
  currency: string;
  vat_rate: number;
  stock_qty: number;
}

interface Family {
  code: string;
  names: string[];
  variants: string[];
  unit: string;
  base: number;
  vat: number;
  description: string;
}

const TR: Family[] = [
  { code: 'LED', names: ['Işık LED Panel', 'LED Ampul', 'LED Şerit', 'Işıldak LED Projektör'], variants: ['9W Gün Işığı', '12W Beyaz', '18W Sıcak Beyaz', '40W 60x60', '50W IP65'], unit: 'adet', base: 8900, vat: 20, description: 'Enerji tasarruflu, uzun ömürlü aydınlatma ürünü. Türkiye garantili.' },
  { code: 'VID', names: ['Paslanmaz Vida', 'Sunta Vidası', 'Çelik Dübel', 'Akıllı Vida'], variants: ['M4x20', 'M6x30', 'M8x40', 'M10x60', '4x50 Yıldız'], unit: 'kutu', base: 4500, vat: 20, description: 'Kutuda 100 adet. Korozyona dayanıklı, çinko kaplama.' },
  { code: 'KBL', names: ['NYA Kablo', 'TTR Kablo', 'Cat6 Ağ Kablosu', 'Koaksiyel Kablo'], variants: ['1,5 mm² Kırmızı', '2,5 mm² Siyah', '3x2,5 mm²', '100 m Makara', '305 m Kutu'], unit: 'makara', base: 64000, vat: 20, description: 'TSE belgeli, bakır iletkenli kablo.' },
  { code: 'BOY', names: ['İç Cephe Boyası', 'Dış Cephe Boyası', 'Astar Boya', 'Yağlı Boya'], variants: ['2,5 L Beyaz', '7,5 L Kırık Beyaz', '15 L Gri', '0,75 L Siyah', '2,5 L Şeftali'], unit: 'kova', base: 38500, vat: 20, description: 'Silinebilir, yüksek örtücülük. Su bazlı, düşük kokulu.' },
  { code: 'MUS', names: ['Batarya Musluk', 'Lavabo Bataryası', 'Eviye Bataryası', 'Duş Seti'], variants: ['Krom', 'Mat Siyah', 'Altın', 'Termostatik', 'Spiralli'], unit: 'adet', base: 129000, vat: 20, description: 'Seramik kartuşlu, 5 yıl garantili armatür.' },
  { code: 'ALT', names: ['Akülü Matkap', 'Darbeli Matkap', 'Avuç Taşlama', 'Dekupaj Testere'], variants: ['12V', '18V Kömürsüz', '750W', '1050W', 'Çantalı Set'], unit: 'adet', base: 245000, vat: 20, description: 'Profesyonel seri el aleti; yedek parça ve servis desteği.' },
  { code: 'SLK', names: ['Silikon', 'Poliüretan Köpük', 'Montaj Yapıştırıcı', 'Derz Dolgu'], variants: ['Şeffaf 280 ml', 'Beyaz 310 ml', 'Gri 500 ml', 'Yangın Dayanımlı', 'Banyo Tipi'], unit: 'adet', base: 11900, vat: 20, description: 'Küf önleyici katkılı, hızlı kuruyan sızdırmazlık ürünü.' },
  { code: 'IZL', names: ['Taş Yünü Levha', 'XPS Isı Yalıtım Levhası', 'Cam Yünü Şilte', 'Su Yalıtım Örtüsü'], variants: ['3 cm', '5 cm', '8 cm', '10 m² Rulo', '20 m² Rulo'], unit: 'paket', base: 56000, vat: 20, description: 'Isı ve ses yalıtımı için; A1 sınıfı yanmaz seçenekler.' },
  { code: 'GDA', names: ['Türk Kahvesi', 'Çay Dökme', 'Fındık Ezmesi', 'Lokum Çeşitleri'], variants: ['250 g', '500 g', '1 kg', '5 kg Kutu', 'Hediyelik'], unit: 'paket', base: 9500, vat: 1, description: 'Gıda ürünü; ikram ve ofis tüketimi için.' },
  { code: 'KTP', names: ['Teknik Çizim Kitabı', 'Elektrik Tesisatı El Kitabı'], variants: ['Ciltli', 'Karton Kapak'], unit: 'adet', base: 18500, vat: 10, description: 'Yetkili servis ve usta eğitimleri için kaynak kitap.' },
];

const EN: Family[] = [
  { code: 'LMP', names: ['LED Downlight', 'LED Floodlight', 'LED Tube', 'Work Lamp'], variants: ['6W Warm', '10W Neutral', '20W Cool', '50W IP66', '120 cm'], unit: 'pcs', base: 14900, vat: 20, description: 'Energy-efficient lighting for trade and industry.' },
  { code: 'FST', names: ['Wood Screw', 'Concrete Anchor', 'Hex Bolt', 'Wall Plug'], variants: ['4x40', '5x60', 'M8x50', 'M12x100', '8 mm'], unit: 'box', base: 7900, vat: 20, description: 'Box of 100. Hot-dip galvanised for outdoor use.' },
  { code: 'TLS', names: ['Cordless Drill', 'Impact Driver', 'Circular Saw', 'Angle Grinder'], variants: ['12V', '18V Brushless', '1200W', '125 mm', 'Kit in case'], unit: 'pcs', base: 189000, vat: 20, description: 'Professional power tool with service and spare parts.' },
  { code: 'PNT', names: ['Wall Paint', 'Wood Stain', 'Primer', 'Floor Varnish'], variants: ['3 L White', '10 L White', '2.7 L Grey', '0.9 L Oak', '5 L Clear'], unit: 'can', base: 42900, vat: 20, description: 'Low-odour, water-based, high coverage.' },
  { code: 'INS', names: ['Stone Wool Slab', 'XPS Board', 'Vapour Barrier', 'Acoustic Panel'], variants: ['50 mm', '100 mm', '150 mm', '25 m² roll', '600x600'], unit: 'pack', base: 61900, vat: 20, description: 'Thermal and acoustic insulation, fire class A1 options.' },
  { code: 'PLB', names: ['Basin Mixer', 'Shower Set', 'Kitchen Tap', 'Ball Valve'], variants: ['Chrome', 'Matt Black', 'Brushed Steel', '1/2"', '3/4"'], unit: 'pcs', base: 99000, vat: 20, description: 'Ceramic cartridge, five-year warranty.' },
  { code: 'SAF', names: ['Safety Gloves', 'Safety Glasses', 'Ear Defenders', 'Hard Hat'], variants: ['Size 8', 'Size 10', 'Clear', 'Tinted', 'Hi-Vis'], unit: 'pcs', base: 4900, vat: 20, description: 'EN-certified personal protective equipment.' },
];

function build(families: Family[], currency: string, prefix: string): DemoProduct[] {
  const out: DemoProduct[] = [];
  let n = 0;
  for (const f of families) {
    f.names.forEach((name, i) => {
      f.variants.forEach((variant, j) => {
        n++;
        // Stable pseudo-variation of price and stock from the indices: same catalogue on every run.
        const price = Math.round(f.base * (1 + i * 0.35) * (1 + j * 0.18));
        const stock = (n * 37) % 11 === 0 ? 0 : ((n * 7919) % 480) + 5;
        out.push({
          sku: `${prefix}-${f.code}-${String(i + 1).padStart(2, '0')}${String(j + 1).padStart(2, '0')}`,
          name: `${name} ${variant}`,
          description: f.description,
          unit: f.unit,
          list_price: price,
          currency,
          vat_rate: f.vat,
          stock_qty: stock,
        });
      });
    });
  }
  return out;
}

/** Multiplies the base catalogue with model series so a demo seller has a few hundred rows. */
function series(products: DemoProduct[], labels: string[]): DemoProduct[] {
  return labels.flatMap((label, k) =>
    products.map((p) => ({
      ...p,
      sku: `${p.sku}-${k + 1}`,
      name: `${p.name} ${label}`.trim(),
      list_price: Math.round(p.list_price * (1 + k * 0.12)),
      stock_qty: (p.stock_qty * (k + 3)) % 500,
    })),
  );
}

export const acmeCatalog = (): DemoProduct[] => series(build(TR, 'TRY', 'AC'), ['', 'Pro', 'Eko']);
export const nordicCatalog = (): DemoProduct[] => series(build(EN, 'EUR', 'NV'), ['', 'Pro']);
