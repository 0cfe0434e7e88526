import { define, frame } from '../notifications/mail-frame.ts';

/** Mails of the stock area: low-stock alert to warehouse staff (STK-2), back-in-stock notice to dealers (CAT-7). */

export interface LowStockItem {
  sku: string;
  name: string;
  available: number;
  minStock: number;
}

const itemLine = (i: LowStockItem, word: { available: string; min: string }) => `${i.sku} — ${i.name}: ${word.available} ${i.available}, ${word.min} ${i.minStock}`;

export const stockTemplates = {
  'stock.low': define<{ items: LowStockItem[]; more: number; url: string }>({
    tr: (p, b) => {
      const title = p.items.length + p.more === 1 ? 'Bir ürün en az stok seviyesine indi' : `${p.items.length + p.more} ürün en az stok seviyesine indi`;
      const lines = [
        'Aşağıdaki ürünlerin kullanılabilir stoğu (stok − rezerve) en az stok seviyesine ya da altına indi:',
        ...p.items.map((i) => itemLine(i, { available: 'kullanılabilir', min: 'en az' })),
        ...(p.more ? [`… ve ${p.more} ürün daha.`] : []),
        'Sipariş önerileri ikmal sayfasında.',
      ];
      return { subject: `${b.sellerName}: ${title}`, text: `${title}\n\n${lines.join('\n')}\n\n${p.url}`, html: frame(b, 'tr', title, lines, { label: 'İkmal önerilerini aç', url: p.url }) };
    },
    en: (p, b) => {
      const title = p.items.length + p.more === 1 ? 'One product reached its minimum stock' : `${p.items.length + p.more} products reached their minimum stock`;
      const lines = [
        'The available stock (stock − reserved) of these products is at or below their minimum stock level:',
        ...p.items.map((i) => itemLine(i, { available: 'available', min: 'minimum' })),
        ...(p.more ? [`… and ${p.more} more.`] : []),
        'Order suggestions are on the replenishment page.',
      ];
      return { subject: `${b.sellerName}: ${title}`, text: `${title}\n\n${lines.join('\n')}\n\n${p.url}`, html: frame(b, 'en', title, lines, { label: 'Open replenishment', url: p.url }) };
    },
  }),
  'stock.back_in_stock': define<{ name: string; productName: string; sku: string; url: string }>({
    tr: (p, b) => {
      const title = 'Beklediğiniz ürün yeniden stokta';
      const lines = [`Merhaba ${p.name},`, `${p.productName} (${p.sku}) yeniden stokta. Stok sınırlı olabilir; sipariş vermek için ürün sayfasını açın.`];
      return { subject: `${b.sellerName}: ${title} — ${p.productName}`, text: `${title}\n\n${lines.join('\n')}\n\n${p.url}`, html: frame(b, 'tr', title, lines, { label: 'Ürünü aç', url: p.url }) };
    },
    en: (p, b) => {
      const title = 'A product you asked about is back in stock';
      const lines = [`Hello ${p.name},`, `${p.productName} (${p.sku}) is back in stock. Quantities may be limited; open the product page to order.`];
      return { subject: `${b.sellerName}: ${title} — ${p.productName}`, text: `${title}\n\n${lines.join('\n')}\n\n${p.url}`, html: frame(b, 'en', title, lines, { label: 'Open the product', url: p.url }) };
    },
  }),
};
