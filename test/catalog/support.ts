import type { Kysely } from 'kysely';
import { createProduct, type NewProduct } from '../../src/catalog/products.ts';
import type { TenantDb } from '../../src/db/types.ts';

let seq = 0;

/** A product with sensible defaults; pass only what the test is about. */
export function product(db: Kysely<TenantDb>, fields: Partial<NewProduct> & { name: string }) {
  seq++;
  return createProduct(db, {
    sku: `T-${Date.now().toString(36)}-${seq}`,
    description: '',
    unit: 'adet',
    list_price: 1000,
    currency: 'TRY',
    vat_rate: 20,
    stock_qty: 10,
    ...fields,
  });
}

export const names = (items: { name: string }[]) => items.map((i) => i.name);
