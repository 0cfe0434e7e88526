import { gtinCheckDigit } from '../../src/catalog/gtin.ts';
import { formPost, type TestApp } from '../support/app.ts';

/** Helpers for the staff catalog route tests. */
export function poster(t: TestApp, host: string) {
  return (path: string, fields: Record<string, string>, cookie: string) => {
    const init = formPost(host, fields);
    const headers = new Headers(init.headers);
    headers.set('cookie', cookie);
    return t.req(host, path, { ...init, headers });
  };
}

export function getter(t: TestApp, host: string) {
  return (path: string, cookie: string, htmx = false) => t.req(host, path, { headers: { cookie }, htmx });
}

/** A valid EAN-13 from a 12-digit body. */
export function ean13(body12: string): string {
  return body12 + String(gtinCheckDigit(body12));
}

/** Every field of the product form, valid; override what the test is about. */
export function productFields(over: Record<string, string> = {}): Record<string, string> {
  return {
    sku: 'ST-1000',
    name: 'Paslanmaz Vida M6x30',
    barcode: '',
    category_id: '',
    brand: 'Demir',
    manufacturer: 'Demir Bağlantı A.Ş.',
    country_of_origin: 'TR',
    short_description: 'Kutuda 100 adet.',
    description: 'Korozyona dayanıklı paslanmaz çelik vida.',
    advantages: 'Uzun ömür',
    technical_details: 'DIN 7985',
    unit: 'kutu',
    pieces_per_package: '100',
    packages_per_pallet: '40',
    min_order_qty: '2',
    order_multiple: '2',
    order_type: 'mto',
    lead_time_days: '5',
    weight_kg: '1,25',
    vat_rate: '20',
    list_price: '1.234,56',
    currency: 'TRY',
    active: '1',
    min_stock: '3',
    out_of_stock_behaviour: 'backorder',
    backorder_extra_days: '7',
    stock_qty: '12',
    ...over,
  };
}
