/**
 * Deterministic demo catalogues: real-sounding hardware and building-supply products,
 * Turkish for `acme` (≈2,500 rows), English with some Norwegian for `nordic` (≈1,500 rows).
 * Prices are in minor units (kuruş / øre).
 *
 * Shape: family × product name × variant × brand line. The brand line is the "series" at the end
 * of the SKU (`<prefix>-<FAMILY>-<iijj>-<series>`): every family has one brand per series (acme 3,
 * nordic 2), and the brand leads the product name ("Bosch Akülü Matkap 18V Kömürsüz").
 * src/catalog/demo-catalog.ts reads the SKU for categories, attributes, variants and media.
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

export interface DemoBrand {
  name: string;
  manufacturer: string;
  /** ISO 3166-1 alpha-2 of the brand's home. */
  country: string;
}

interface Family {
  code: string;
  names: string[];
  variants: string[];
  unit: string;
  base: number;
  vat: number;
  description: string;
  /** One brand per model series (brand line), by name from the seller's brand list. */
  brands: string[];
  /** Reorder level (products.min_stock): stock at or under it is "low". */
  minStock: number;
}

const TR_BRANDS: DemoBrand[] = [
  { name: 'Işıkay', manufacturer: 'Işıkay Aydınlatma San. A.Ş.', country: 'TR' },
  { name: 'Aydın Elektrik', manufacturer: 'Aydın Elektrik Malzemeleri Ltd. Şti.', country: 'TR' },
  { name: 'Parlak', manufacturer: 'Parlak Aydınlatma Ltd. Şti.', country: 'CN' },
  { name: 'Öztürk Kablo', manufacturer: 'Öztürk Kablo San. A.Ş.', country: 'TR' },
  { name: 'Bakırsan', manufacturer: 'Bakırsan Kablo ve İletken A.Ş.', country: 'TR' },
  { name: 'Voltaş', manufacturer: 'Voltaş Elektrik Ltd. Şti.', country: 'TR' },
  { name: 'Çelikbağ', manufacturer: 'Çelikbağ Bağlantı Elemanları A.Ş.', country: 'TR' },
  { name: 'Güçlü Hırdavat', manufacturer: 'Güçlü Hırdavat San. ve Tic. Ltd. Şti.', country: 'TR' },
  { name: 'Anadolu Bağlantı', manufacturer: 'Anadolu Bağlantı Elemanları Ltd. Şti.', country: 'TR' },
  { name: 'Kilitsan', manufacturer: 'Kilitsan Kilit ve Aksesuar A.Ş.', country: 'TR' },
  { name: 'Yapıkim', manufacturer: 'Yapıkim Yapı Kimyasalları A.Ş.', country: 'TR' },
  { name: 'Sızdırmaz', manufacturer: 'Sızdırmaz Kimya Ltd. Şti.', country: 'TR' },
  { name: 'Güneş Boya', manufacturer: 'Güneş Boya San. A.Ş.', country: 'TR' },
  { name: 'Renkçi', manufacturer: 'Renkçi Boya ve Vernik Ltd. Şti.', country: 'TR' },
  { name: 'Marmara Boya', manufacturer: 'Marmara Boya Kimya A.Ş.', country: 'TR' },
  { name: 'İzoder', manufacturer: 'İzoder Yalıtım A.Ş.', country: 'TR' },
  { name: 'Isıtaş', manufacturer: 'Isıtaş Yalıtım Malzemeleri A.Ş.', country: 'TR' },
  { name: 'Şelale Armatür', manufacturer: 'Şelale Armatür San. A.Ş.', country: 'TR' },
  { name: 'Akışkan', manufacturer: 'Akışkan Tesisat Ltd. Şti.', country: 'TR' },
  { name: 'Ege Vitrifiye', manufacturer: 'Ege Vitrifiye ve Seramik A.Ş.', country: 'TR' },
  { name: 'Termo Isı', manufacturer: 'Termo Isı Sistemleri A.Ş.', country: 'TR' },
  { name: 'Bosch', manufacturer: 'Robert Bosch GmbH', country: 'DE' },
  { name: 'Kuvvet', manufacturer: 'Kuvvet Elektrikli Aletler Ltd. Şti.', country: 'CN' },
  { name: 'Usta', manufacturer: 'Usta El Aletleri San. A.Ş.', country: 'TR' },
  { name: 'Yeşilvadi', manufacturer: 'Yeşilvadi Bahçe Ürünleri Ltd. Şti.', country: 'TR' },
  { name: 'Gardena', manufacturer: 'Gardena GmbH', country: 'DE' },
  { name: 'Emniyet', manufacturer: 'Emniyet İş Güvenliği A.Ş.', country: 'TR' },
  { name: '3M', manufacturer: '3M Company', country: 'US' },
  { name: 'Öz Çay', manufacturer: 'Öz Çay Gıda San. A.Ş.', country: 'TR' },
  { name: 'Kahveci Ağa', manufacturer: 'Kahveci Ağa Gıda Ltd. Şti.', country: 'TR' },
  { name: 'Antep Sofrası', manufacturer: 'Antep Sofrası Gıda Ltd. Şti.', country: 'TR' },
  { name: 'Usta Yayınları', manufacturer: 'Usta Yayıncılık Ltd. Şti.', country: 'TR' },
  { name: 'Teknik Kitap Evi', manufacturer: 'Teknik Kitap Evi Yayıncılık A.Ş.', country: 'TR' },
  { name: 'Mühendis Yayıncılık', manufacturer: 'Mühendis Yayıncılık Ltd. Şti.', country: 'TR' },
];

// The first families come first in every model series: LED and screws lead the catalogue
// (tests take acmeCatalog().slice(0, n) and expect lights and screws in it).
const TR: Family[] = [
  { code: 'LED', names: ['Işık LED Panel', 'LED Ampul', 'LED Şerit', 'Işıldak LED Projektör', 'LED Spot', 'LED Tavan Armatürü'], variants: ['9W Gün Işığı', '12W Beyaz', '18W Sıcak Beyaz', '40W 60x60', '50W IP65'], unit: 'adet', base: 8900, vat: 20, description: 'Enerji tasarruflu, uzun ömürlü aydınlatma ürünü. Türkiye garantili.', brands: ['Işıkay', 'Aydın Elektrik', 'Parlak'], minStock: 20 },
  { code: 'VID', names: ['Paslanmaz Vida', 'Sunta Vidası', 'Çelik Dübel', 'Akıllı Vida', 'Trifon Vida', 'Matkap Uçlu Vida'], variants: ['M4x20', 'M6x30', 'M8x40', 'M10x60', '4x50 Yıldız'], unit: 'kutu', base: 4500, vat: 20, description: 'Kutuda 100 adet. Korozyona dayanıklı, çinko kaplama.', brands: ['Çelikbağ', 'Güçlü Hırdavat', 'Anadolu Bağlantı'], minStock: 50 },
  { code: 'KBL', names: ['NYA Kablo', 'TTR Kablo', 'H07RN-F Kauçuk Kablo', 'NHXMH Halojensiz Kablo', 'NYM Antigron Kablo', 'YVV Kablo'], variants: ['1,5 mm² Kırmızı', '2,5 mm² Siyah', '3x2,5 mm²', '100 m Makara', '305 m Kutu'], unit: 'makara', base: 64000, vat: 20, description: 'TSE belgeli, bakır iletkenli kablo.', brands: ['Öztürk Kablo', 'Bakırsan', 'Voltaş'], minStock: 10 },
  { code: 'BOY', names: ['İç Cephe Boyası', 'Dış Cephe Boyası', 'Astar Boya', 'Yağlı Boya', 'Tavan Boyası', 'Silinebilir Mat Boya'], variants: ['2,5 L Beyaz', '7,5 L Kırık Beyaz', '15 L Gri', '0,75 L Siyah', '2,5 L Şeftali'], unit: 'kova', base: 38500, vat: 20, description: 'Silinebilir, yüksek örtücülük. Su bazlı, düşük kokulu.', brands: ['Güneş Boya', 'Renkçi', 'Marmara Boya'], minStock: 15 },
  { code: 'MUS', names: ['Batarya Musluk', 'Lavabo Bataryası', 'Eviye Bataryası', 'Duş Seti', 'Ankastre Duş Bataryası', 'Çamaşır Makinesi Musluğu'], variants: ['Krom', 'Mat Siyah', 'Altın', 'Beyaz', 'Gri'], unit: 'adet', base: 129000, vat: 20, description: 'Seramik kartuşlu, 5 yıl garantili armatür.', brands: ['Şelale Armatür', 'Akışkan', 'Ege Vitrifiye'], minStock: 5 },
  { code: 'ALT', names: ['Akülü Matkap', 'Darbeli Matkap', 'Avuç Taşlama', 'Dekupaj Testere', 'Kırıcı Delici', 'Daire Testere'], variants: ['12V', '18V Kömürsüz', '750W', '1050W', 'Çantalı Set'], unit: 'adet', base: 245000, vat: 20, description: 'Profesyonel seri el aleti; yedek parça ve servis desteği.', brands: ['Bosch', 'Kuvvet', 'Usta'], minStock: 5 },
  { code: 'SLK', names: ['Silikon', 'Poliüretan Köpük', 'Montaj Yapıştırıcı', 'Derz Dolgu', 'Akrilik Mastik', 'Epoksi Yapıştırıcı'], variants: ['Şeffaf 280 ml', 'Beyaz 310 ml', 'Gri 500 ml', 'Yangın Dayanımlı', 'Banyo Tipi'], unit: 'adet', base: 11900, vat: 20, description: 'Küf önleyici katkılı, hızlı kuruyan sızdırmazlık ürünü.', brands: ['Yapıkim', 'Sızdırmaz', '3M'], minStock: 40 },
  { code: 'IZL', names: ['Taş Yünü Levha', 'XPS Isı Yalıtım Levhası', 'Cam Yünü Şilte', 'Su Yalıtım Örtüsü', 'Bitümlü Membran', 'EPS Mantolama Levhası'], variants: ['3 cm', '5 cm', '8 cm', '10 m² Rulo', '20 m² Rulo'], unit: 'paket', base: 56000, vat: 20, description: 'Isı ve ses yalıtımı için; A1 sınıfı yanmaz seçenekler.', brands: ['İzoder', 'Isıtaş', 'Yapıkim'], minStock: 10 },
  { code: 'CIV', names: ['Altıbaşlı Civata', 'Gijon Saplama', 'Fiberli Somun', 'Pul Rondela', 'Kelebek Somun', 'Bombe Başlı Civata'], variants: ['M6', 'M8', 'M10', 'M12', 'M16'], unit: 'kutu', base: 3900, vat: 20, description: 'Kutuda 50 adet. 8.8 kalite, DIN standardında bağlantı elemanı.', brands: ['Anadolu Bağlantı', 'Çelikbağ', 'Güçlü Hırdavat'], minStock: 50 },
  { code: 'KLT', names: ['Kapı Kolu', 'Silindir Kilit', 'Asma Kilit', 'Gömme Menteşe', 'Kapı Stoperi', 'Çekmece Kulpu'], variants: ['Krom', 'Mat Siyah', 'Altın', 'Beyaz', 'Antrasit'], unit: 'adet', base: 15900, vat: 20, description: 'Kapı ve mobilya aksesuarı; montaj vidaları dahil.', brands: ['Kilitsan', 'Güçlü Hırdavat', 'Anadolu Bağlantı'], minStock: 15 },
  { code: 'PRZ', names: ['Topraklı Priz', 'Çift Priz', 'Vavien Anahtar', 'Komütatör Anahtar', 'USB Şarjlı Priz', 'Dimmer Anahtar'], variants: ['Beyaz', 'Krem', 'Antrasit', 'Siyah', 'Altın'], unit: 'adet', base: 6900, vat: 20, description: 'Sıva altı montaj, çerçeve dahil. Vidasız klemens.', brands: ['Voltaş', 'Aydın Elektrik', 'Işıkay'], minStock: 30 },
  { code: 'SIG', names: ['Otomatik Sigorta', 'Kaçak Akım Rölesi', 'Sıva Üstü Sigorta Kutusu', 'Sıva Altı Pano', 'Kontaktör', 'Parafudr'], variants: ['1P 16A', '1P 25A', '3P 32A', '4P 40A', '3P 63A'], unit: 'adet', base: 14500, vat: 20, description: 'EN 60898 uyumlu, ray montajlı koruma ürünü.', brands: ['Voltaş', 'Aydın Elektrik', 'Bosch'], minStock: 20 },
  { code: 'UZT', names: ['Grup Priz', 'Makaralı Uzatma Kablosu', 'Akım Korumalı Grup Priz', 'Çocuk Korumalı Uzatma', 'Endüstriyel Uzatma', 'Zaman Ayarlı Priz'], variants: ['3\'lü 1,5 m', '4\'lü 3 m', '5\'li 5 m', '25 m Makara', '50 m Makara'], unit: 'adet', base: 12900, vat: 20, description: 'Topraklı, aşırı akım korumalı; 3x1,5 mm² kablo.', brands: ['Öztürk Kablo', 'Voltaş', 'Bakırsan'], minStock: 20 },
  { code: 'ARM', names: ['Etanj Armatür', 'Sıva Üstü Aplik', 'Bahçe Direği Armatürü', 'Acil Çıkış Armatürü', 'Sarkıt Avize', 'Duvar Apliki'], variants: ['Beyaz 1x18W', 'Siyah 2x18W', 'Gri IP65', 'Beyaz Sensörlü', 'Siyah Dekoratif'], unit: 'adet', base: 34900, vat: 20, description: 'İç ve dış mekân armatürü; LED kaynakla uyumlu.', brands: ['Parlak', 'Işıkay', 'Aydın Elektrik'], minStock: 10 },
  { code: 'PPR', names: ['PPR Boru', 'PPR Dirsek', 'PPR Te', 'Kompozit Boru', 'Pissu Borusu', 'Küresel Vana'], variants: ['20 mm', '25 mm', '32 mm', '40 mm', '50 mm'], unit: 'adet', base: 2900, vat: 20, description: 'Sıcak ve soğuk su tesisatı için; 20 bar basınç dayanımı.', brands: ['Akışkan', 'Şelale Armatür', 'Termo Isı'], minStock: 60 },
  { code: 'VIT', names: ['Klozet Kapağı', 'Lavabo', 'Gömme Rezervuar', 'Duş Teknesi', 'Banyo Dolabı', 'Havluluk'], variants: ['Standart', 'Kompakt', '45 cm', '60 cm', '80 cm'], unit: 'adet', base: 89000, vat: 20, description: 'Banyo donanımı; kolay temizlenir yüzey, montaj seti dahil.', brands: ['Ege Vitrifiye', 'Şelale Armatür', 'Akışkan'], minStock: 4 },
  { code: 'KMB', names: ['Panel Radyatör', 'Havlupan', 'Termostatik Radyatör Vanası', 'Oda Termostatı', 'Genleşme Tankı', 'Sirkülasyon Pompası'], variants: ['60x60 cm', '60x100 cm', '60x140 cm', 'Kompakt', 'Dijital'], unit: 'adet', base: 74000, vat: 20, description: 'Kalorifer ve kombi tesisatı için ısıtma ürünü.', brands: ['Termo Isı', 'Akışkan', 'Bosch'], minStock: 5 },
  { code: 'VRN', names: ['Ahşap Verniği', 'Parke Cilası', 'Ahşap Koruyucu', 'Vernikli Emprenye', 'Zemin Verniği', 'Tik Yağı'], variants: ['0,75 L Şeffaf', '2,5 L Şeffaf', '0,75 L Ceviz', '2,5 L Maun', '5 L Şeffaf'], unit: 'kutu', base: 24500, vat: 20, description: 'UV korumalı, su itici ahşap bakım ürünü.', brands: ['Renkçi', 'Marmara Boya', 'Güneş Boya'], minStock: 15 },
  { code: 'FRC', names: ['Rulo Fırça', 'Yassı Fırça', 'Boya Teknesi', 'Maskeleme Bandı', 'Spatula', 'Zımpara Kağıdı'], variants: ['25 mm', '50 mm', '10 cm', '18 cm', '25 cm'], unit: 'adet', base: 2900, vat: 20, description: 'Boya ve tadilat işleri için yardımcı malzeme.', brands: ['Usta', 'Renkçi', '3M'], minStock: 50 },
  { code: 'HRC', names: ['Seramik Yapıştırıcısı', 'Tamir Harcı', 'Saten Alçı', 'Perlitli Sıva', 'Hazır Beton', 'Kendinden Yayılan Şap'], variants: ['5 kg', '10 kg', '20 kg', '25 kg', '35 kg'], unit: 'torba', base: 18500, vat: 20, description: 'Çimento esaslı, iç ve dış mekânda kullanılabilir.', brands: ['Yapıkim', 'İzoder', 'Sızdırmaz'], minStock: 25 },
  { code: 'BHC', names: ['Bahçe Makası', 'Budama Testeresi', 'Çim Tırmığı', 'Bahçe Küreği', 'Çapa', 'Dal Kesme Makası'], variants: ['Standart', 'Profesyonel', 'Teleskopik', 'Ergonomik Saplı', 'Hafif Seri'], unit: 'adet', base: 21900, vat: 20, description: 'Sertleştirilmiş çelik uçlu, kaymaz saplı bahçe aleti.', brands: ['Yeşilvadi', 'Gardena', 'Usta'], minStock: 10 },
  { code: 'HRT', names: ['Bahçe Hortumu', 'Hortum Makarası', 'Fıskiye', 'Damla Sulama Seti', 'Sulama Tabancası', 'Hortum Bağlantı Seti'], variants: ['1/2" 15 m', '1/2" 25 m', '3/4" 25 m', '3/4" 50 m', 'Set'], unit: 'adet', base: 16900, vat: 20, description: 'UV dayanımlı, bükülmeye karşı takviyeli sulama ürünü.', brands: ['Gardena', 'Yeşilvadi', 'Akışkan'], minStock: 15 },
  { code: 'BMK', names: ['Çim Biçme Makinesi', 'Misinalı Tırpan', 'Çit Kesme Makinesi', 'Yaprak Üfleme Makinesi', 'Zincirli Testere', 'Basınçlı Yıkama Makinesi'], variants: ['Elektrikli 1000W', 'Elektrikli 1600W', 'Akülü 18V', 'Akülü 36V', 'Benzinli'], unit: 'adet', base: 329000, vat: 20, description: 'Bahçe ve peyzaj makinesi; yetkili servis ağı.', brands: ['Bosch', 'Gardena', 'Yeşilvadi'], minStock: 3 },
  { code: 'ISG', names: ['İş Eldiveni', 'Koruyucu Gözlük', 'Kulak Koruyucu', 'Baret', 'Toz Maskesi', 'Reflektörlü Yelek'], variants: ['S', 'M', 'L', 'XL', 'Standart'], unit: 'adet', base: 4900, vat: 20, description: 'CE ve EN standartlarına uygun kişisel koruyucu donanım.', brands: ['Emniyet', '3M', 'Usta'], minStock: 40 },
  { code: 'AYK', names: ['S1P İş Ayakkabısı', 'S3 İş Botu', 'İş Tulumu', 'Softshell Mont', 'Yağmurluk', 'Kışlık Parka'], variants: ['Beden 40', 'Beden 42', 'Beden 44', 'Beden 46', 'Beden 48'], unit: 'adet', base: 69000, vat: 20, description: 'Dayanıklı iş giysisi; çelik burunlu ve su geçirmez seçenekler.', brands: ['Emniyet', 'Usta', '3M'], minStock: 8 },
  { code: 'ELA', names: ['Çekiç', 'Tornavida Seti', 'Pense', 'Kombine Anahtar Seti', 'Su Terazisi', 'Şerit Metre'], variants: ['Standart', 'Profesyonel', 'İzoleli 1000V', 'Mıknatıslı', 'Çantalı Set'], unit: 'adet', base: 7900, vat: 20, description: 'Krom vanadyum çelik, ömür boyu garantili el aleti.', brands: ['Usta', 'Bosch', 'Güçlü Hırdavat'], minStock: 15 },
  { code: 'AKS', names: ['Matkap Ucu Seti', 'Kesme Diski', 'Zımpara Diski', 'Elmas Testere', 'Bits Uç Seti', 'Panç Ucu'], variants: ['115 mm', '125 mm', '180 mm', '230 mm', 'Set'], unit: 'adet', base: 3900, vat: 20, description: 'Elektrikli el aletleri için sarf malzemesi ve aksesuar.', brands: ['Bosch', 'Kuvvet', 'Usta'], minStock: 30 },
  { code: 'GDA', names: ['Türk Kahvesi', 'Çay Dökme', 'Fındık Ezmesi', 'Lokum Çeşitleri', 'Kuru Kayısı', 'Antep Fıstığı'], variants: ['250 g', '500 g', '1 kg', '5 kg Kutu', 'Hediyelik'], unit: 'paket', base: 9500, vat: 1, description: 'Gıda ürünü; ikram ve ofis tüketimi için.', brands: ['Öz Çay', 'Kahveci Ağa', 'Antep Sofrası'], minStock: 20 },
  { code: 'KTP', names: ['Teknik Çizim Kitabı', 'Elektrik Tesisatı El Kitabı'], variants: ['Ciltli', 'Karton Kapak'], unit: 'adet', base: 18500, vat: 10, description: 'Yetkili servis ve usta eğitimleri için kaynak kitap.', brands: ['Usta Yayınları', 'Teknik Kitap Evi', 'Mühendis Yayıncılık'], minStock: 5 },
];

const EN_BRANDS: DemoBrand[] = [
  { name: 'Nordlys', manufacturer: 'Nordlys Belysning AS', country: 'NO' },
  { name: 'Lumen Pro', manufacturer: 'Lumen Pro AB', country: 'SE' },
  { name: 'Elko', manufacturer: 'Elko AS', country: 'NO' },
  { name: 'Kabelverket', manufacturer: 'Kabelverket Norge AS', country: 'NO' },
  { name: 'Fjord Fasteners', manufacturer: 'Fjord Fasteners AS', country: 'NO' },
  { name: 'Essve', manufacturer: 'Essve Produkter AB', country: 'SE' },
  { name: 'Makita', manufacturer: 'Makita Corporation', country: 'JP' },
  { name: 'Viking Tools', manufacturer: 'Viking Tools AS', country: 'NO' },
  { name: 'Bahco', manufacturer: 'SNA Europe (Bahco)', country: 'SE' },
  { name: 'Jotun', manufacturer: 'Jotun AS', country: 'NO' },
  { name: 'Fargerike', manufacturer: 'Fargerike Produkter AS', country: 'NO' },
  { name: 'Glava', manufacturer: 'Glava AS', country: 'NO' },
  { name: 'Rockwool', manufacturer: 'Rockwool A/S', country: 'DK' },
  { name: 'Weber', manufacturer: 'Saint-Gobain Byggevarer AS (Weber)', country: 'NO' },
  { name: 'Tapwell', manufacturer: 'Tapwell AB', country: 'SE' },
  { name: 'Oras', manufacturer: 'Oras Oy', country: 'FI' },
  { name: 'Hagegutt', manufacturer: 'Hagegutt Redskap AS', country: 'NO' },
  { name: 'Gardena', manufacturer: 'Gardena GmbH', country: 'DE' },
  { name: 'Husqvarna', manufacturer: 'Husqvarna AB', country: 'SE' },
  { name: 'Safe Nord', manufacturer: 'Safe Nord AS', country: 'NO' },
  { name: '3M', manufacturer: '3M Company', country: 'US' },
  { name: 'Arbeidsklær Nord', manufacturer: 'Arbeidsklær Nord AS', country: 'NO' },
  { name: 'Varmeteknikk', manufacturer: 'Varmeteknikk AS', country: 'NO' },
];

const EN: Family[] = [
  { code: 'LMP', names: ['LED Downlight', 'LED Floodlight', 'LED Tube', 'Work Lamp', 'LED Bulb', 'Outdoor Wall Light'], variants: ['6W Warm', '10W Neutral', '20W Cool', '50W IP66', '120 cm'], unit: 'pcs', base: 14900, vat: 25, description: 'Energy-efficient lighting for trade and industry.', brands: ['Nordlys', 'Lumen Pro'], minStock: 20 },
  { code: 'FST', names: ['Wood Screw', 'Concrete Anchor', 'Hex Bolt', 'Wall Plug', 'Terrasseskrue Deck Screw', 'Gipsskrue Plasterboard Screw'], variants: ['4x40', '5x60', 'M8x50', 'M12x100', '8 mm'], unit: 'box', base: 7900, vat: 25, description: 'Box of 100. Hot-dip galvanised for outdoor use.', brands: ['Essve', 'Fjord Fasteners'], minStock: 50 },
  { code: 'TLS', names: ['Cordless Drill', 'Impact Driver', 'Circular Saw', 'Angle Grinder', 'Multi-Tool', 'Reciprocating Saw'], variants: ['12V', '18V Brushless', '1200W', '125 mm', 'Kit in case'], unit: 'pcs', base: 189000, vat: 25, description: 'Professional power tool with service and spare parts.', brands: ['Makita', 'Viking Tools'], minStock: 5 },
  { code: 'PNT', names: ['Wall Paint', 'Ceiling Paint', 'Primer', 'Floor Paint', 'Veggmaling Interior', 'Facade Paint'], variants: ['3 L White', '10 L White', '2.7 L Grey', '0.9 L Black', '5 L Clear'], unit: 'can', base: 42900, vat: 25, description: 'Low-odour, water-based, high coverage. Maling for Nordic conditions.', brands: ['Jotun', 'Fargerike'], minStock: 15 },
  { code: 'INS', names: ['Stone Wool Slab', 'XPS Board', 'Vapour Barrier', 'Acoustic Panel', 'Glass Wool Roll', 'Wind Barrier'], variants: ['50 mm', '100 mm', '150 mm', '25 m² roll', '600x600'], unit: 'pack', base: 61900, vat: 25, description: 'Thermal and acoustic insulation, fire class A1 options.', brands: ['Glava', 'Rockwool'], minStock: 10 },
  { code: 'PLB', names: ['Basin Mixer', 'Shower Set', 'Kitchen Tap', 'Bath Mixer', 'Thermostatic Shower Mixer', 'Outdoor Tap'], variants: ['Chrome', 'Black', 'Steel', 'White', 'Brass'], unit: 'pcs', base: 99000, vat: 25, description: 'Ceramic cartridge, five-year warranty.', brands: ['Tapwell', 'Oras'], minStock: 5 },
  { code: 'SAF', names: ['Safety Gloves', 'Safety Glasses', 'Ear Defenders', 'Hard Hat', 'Dust Mask FFP2', 'Hi-Vis Vest'], variants: ['Size S', 'Size M', 'Size L', 'Size XL', 'One size'], unit: 'pcs', base: 4900, vat: 25, description: 'EN-certified personal protective equipment.', brands: ['Safe Nord', '3M'], minStock: 40 },
  { code: 'ELC', names: ['Stikkontakt Socket Outlet', 'Double Socket', 'Light Switch', 'Two-Way Switch', 'Dimmer Switch', 'USB Socket'], variants: ['White', 'Black', 'Grey', 'Steel', 'Oak'], unit: 'pcs', base: 8900, vat: 25, description: 'Flush-mounted, frame included. NEK 400 compliant.', brands: ['Elko', 'Lumen Pro'], minStock: 30 },
  { code: 'CBL', names: ['PFXP Installation Cable', 'PR Cable', 'PN Cable', 'TFXP Outdoor Cable', 'Flexible Cable H07RN-F', 'Halogen-Free Cable'], variants: ['3G1.5', '3G2.5', '5G2.5', '50 m drum', '100 m drum'], unit: 'drum', base: 79000, vat: 25, description: 'Halogen-free copper cable for installation work.', brands: ['Kabelverket', 'Elko'], minStock: 10 },
  { code: 'FUS', names: ['Circuit Breaker', 'RCD Breaker', 'Consumer Unit', 'Surge Protector', 'Contactor', 'Energy Meter'], variants: ['1P 10A', '1P 16A', '2P 20A', '3P 32A', '4P 40A'], unit: 'pcs', base: 18900, vat: 25, description: 'DIN-rail mounted protection for residential panels.', brands: ['Elko', 'Kabelverket'], minStock: 15 },
  { code: 'BLT', names: ['Hex Nut', 'Threaded Rod', 'Carriage Bolt', 'Washer', 'Lag Screw', 'Wing Nut'], variants: ['M6', 'M8', 'M10', 'M12', 'M16'], unit: 'box', base: 5900, vat: 25, description: 'Box of 50. Grade 8.8, DIN standard.', brands: ['Fjord Fasteners', 'Essve'], minStock: 50 },
  { code: 'NAL', names: ['Spiker Wire Nail', 'Ring Shank Nail', 'Roofing Nail', 'Collated Nails', 'Staples', 'Brad Nails'], variants: ['2.8x60', '3.1x75', '3.4x90', '2.1x50', '1000 pcs'], unit: 'box', base: 9900, vat: 25, description: 'Hot-dip galvanised for construction timber.', brands: ['Essve', 'Fjord Fasteners'], minStock: 40 },
  { code: 'HND', names: ['Claw Hammer', 'Screwdriver Set', 'Combination Pliers', 'Spanner Set', 'Spirit Level', 'Tape Measure'], variants: ['Standard', 'Professional', 'Insulated 1000V', 'Magnetic', 'Set in case'], unit: 'pcs', base: 12900, vat: 25, description: 'Chrome vanadium steel, lifetime warranty.', brands: ['Bahco', 'Viking Tools'], minStock: 15 },
  { code: 'ACC', names: ['Drill Bit Set', 'Cutting Disc', 'Sanding Disc', 'Diamond Blade', 'Bit Set', 'Saw Blade'], variants: ['115 mm', '125 mm', '180 mm', '230 mm', 'Set'], unit: 'pcs', base: 5900, vat: 25, description: 'Consumables and accessories for power tools.', brands: ['Makita', 'Bahco'], minStock: 30 },
  { code: 'STN', names: ['Terrassebeis Deck Stain', 'Wood Oil', 'Wood Stain', 'Floor Varnish', 'Wood Protection', 'Teak Oil'], variants: ['0.9 L Clear', '2.7 L Clear', '0.9 L Oak', '2.7 L Oak', '10 L Clear'], unit: 'can', base: 32900, vat: 25, description: 'UV-resistant wood care for decks and cladding.', brands: ['Jotun', 'Fargerike'], minStock: 15 },
  { code: 'BRS', names: ['Paint Roller', 'Flat Brush', 'Paint Tray', 'Masking Tape', 'Putty Knife', 'Sandpaper'], variants: ['25 mm', '50 mm', '10 cm', '18 cm', '25 cm'], unit: 'pcs', base: 3900, vat: 25, description: 'Accessories for painting and renovation.', brands: ['Fargerike', '3M'], minStock: 50 },
  { code: 'MOR', names: ['Tile Adhesive', 'Repair Mortar', 'Fine Filler', 'Concrete Mix', 'Self-Levelling Compound', 'Grout'], variants: ['5 kg', '10 kg', '15 kg', '20 kg', '25 kg'], unit: 'bag', base: 21900, vat: 25, description: 'Cement-based, for indoor and outdoor use.', brands: ['Weber', 'Glava'], minStock: 25 },
  { code: 'SEA', names: ['Silicone Sealant', 'PU Foam', 'Construction Adhesive', 'Acrylic Sealant', 'Fire Sealant', 'Epoxy Adhesive'], variants: ['Clear 300 ml', 'White 300 ml', 'Grey 600 ml', 'Fire-rated', 'Bathroom'], unit: 'pcs', base: 12900, vat: 25, description: 'Mould-resistant, fast-curing sealing product.', brands: ['Weber', '3M'], minStock: 40 },
  { code: 'PIP', names: ['PEX Pipe', 'Pipe Elbow', 'Tee Fitting', 'Composite Pipe', 'Waste Pipe', 'Ball Valve'], variants: ['15 mm', '22 mm', '28 mm', '32 mm', '50 mm'], unit: 'pcs', base: 4900, vat: 25, description: 'For hot and cold water, rør-i-rør system compatible.', brands: ['Tapwell', 'Oras'], minStock: 60 },
  { code: 'BTH', names: ['Toilet Seat', 'Wash Basin', 'Concealed Cistern', 'Shower Tray', 'Bathroom Cabinet', 'Towel Rail'], variants: ['Standard', 'Compact', '45 cm', '60 cm', '80 cm'], unit: 'pcs', base: 129000, vat: 25, description: 'Bathroom fittings, easy-clean surface, mounting kit included.', brands: ['Oras', 'Tapwell'], minStock: 4 },
  { code: 'GRD', names: ['Pruning Shears', 'Pruning Saw', 'Lawn Rake', 'Garden Spade', 'Snow Shovel', 'Loppers'], variants: ['Standard', 'Professional', 'Telescopic', 'Ergonomic', 'Lightweight'], unit: 'pcs', base: 29900, vat: 25, description: 'Hardened steel, non-slip grip garden tool.', brands: ['Hagegutt', 'Gardena'], minStock: 10 },
  { code: 'WAT', names: ['Garden Hose', 'Hose Reel', 'Sprinkler', 'Drip Irrigation Kit', 'Spray Gun', 'Hose Connector Set'], variants: ['1/2" 15 m', '1/2" 25 m', '3/4" 25 m', '3/4" 50 m', 'Set'], unit: 'pcs', base: 19900, vat: 25, description: 'UV-resistant, kink-free watering product.', brands: ['Gardena', 'Hagegutt'], minStock: 15 },
  { code: 'OPE', names: ['Lawn Mower', 'Grass Trimmer', 'Hedge Trimmer', 'Leaf Blower', 'Chainsaw', 'Pressure Washer'], variants: ['Electric 1000W', 'Electric 1600W', 'Battery 18V', 'Battery 36V', 'Petrol'], unit: 'pcs', base: 349000, vat: 25, description: 'Garden and landscaping machine with nationwide service.', brands: ['Husqvarna', 'Gardena'], minStock: 3 },
  { code: 'WRK', names: ['Work Trousers', 'Softshell Jacket', 'Work Boots S3', 'Rain Jacket', 'Winter Parka', 'Hi-Vis Jacket'], variants: ['Size 46', 'Size 48', 'Size 50', 'Size 52', 'Size 54'], unit: 'pcs', base: 89000, vat: 25, description: 'Durable arbeidsklær workwear; water-repellent options.', brands: ['Arbeidsklær Nord', 'Safe Nord'], minStock: 8 },
  { code: 'HEA', names: ['Panelovn Panel Heater', 'Varmekabel Heating Cable', 'Heating Mat', 'Floor Thermostat', 'Fan Heater', 'Towel Warmer'], variants: ['400W', '600W', '800W', '1000W', '1500W'], unit: 'pcs', base: 119000, vat: 25, description: 'Electric heating for Nordic homes, with thermostat control.', brands: ['Varmeteknikk', 'Elko'], minStock: 5 },
];

const FAMILIES = { tr: TR, en: EN } as const;
const BRANDS = { tr: new Map(TR_BRANDS.map((b) => [b.name, b])), en: new Map(EN_BRANDS.map((b) => [b.name, b])) } as const;
/** Brand lines (model series) per family: acme 3, nordic 2. */
export const DEMO_SERIES = { tr: 3, en: 2 } as const;

/** The brand of a family's model series (series counts from 1 and wraps, as the bench repeats series). */
export function demoBrand(locale: 'tr' | 'en', family: string, series: number): DemoBrand | null {
  const f = FAMILIES[locale].find((x) => x.code === family);
  if (!f) return null;
  const name = f.brands[(series - 1) % f.brands.length]!;
  return BRANDS[locale].get(name) ?? { name, manufacturer: name, country: locale === 'tr' ? 'TR' : 'NO' };
}

/** A family's reorder level (products.min_stock). */
export function demoMinStock(locale: 'tr' | 'en', family: string): number {
  return FAMILIES[locale].find((x) => x.code === family)?.minStock ?? 10;
}

/** Brand lines change the price: the first is the reference, the second premium, the third economy. */
const SERIES_PRICE = [1, 1.22, 0.86];

function build(locale: 'tr' | 'en', currency: string, prefix: string): DemoProduct[] {
  const out: DemoProduct[] = [];
  const seriesCount = DEMO_SERIES[locale];
  let n = 0;
  for (let k = 0; k < seriesCount; k++) {
    for (const f of FAMILIES[locale]) {
      const brand = demoBrand(locale, f.code, k + 1)!;
      f.names.forEach((name, i) => {
        f.variants.forEach((variant, j) => {
          n++;
          // Stable pseudo-variation of price and stock from the indices: same catalogue on every run.
          const raw = f.base * (1 + i * 0.35) * (1 + j * 0.18) * SERIES_PRICE[k % SERIES_PRICE.length]!;
          const price = Math.max(90, Math.round(raw / 100) * 100 - 10); // ends in ,90 like a shelf price
          const h = (n * 7919 + k * 104729) % 100;
          // ~8 % out of stock, ~8 % at or under the reorder level, the rest comfortably stocked.
          const stock = h < 8 ? 0 : h < 16 ? 1 + ((n * 31) % f.minStock) : f.minStock + 1 + ((n * 7919) % 480);
          out.push({
            sku: `${prefix}-${f.code}-${String(i + 1).padStart(2, '0')}${String(j + 1).padStart(2, '0')}-${k + 1}`,
            name: `${brand.name} ${name} ${variant}`,
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
  }
  return out;
}

/** ≈2,500 products: every family in every brand line (series 1 first). */
export const acmeCatalog = (): DemoProduct[] => build('tr', 'TRY', 'AC');
/** ≈1,500 products. */
export const nordicCatalog = (): DemoProduct[] => build('en', 'EUR', 'NV');
