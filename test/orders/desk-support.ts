import type { Kysely } from 'kysely';
import type { TenantDb } from '../../src/db/types.ts';
import { submitOrder, type SubmitInput } from '../../src/orders/submit.ts';
import { build } from '../support/build.ts';

/** Builders for the order-desk suites: products, dealers with terms and users, orders through submitOrder. */
let n = 0;

export async function product(db: Kysely<TenantDb>, opts: { stock?: number; price?: number; vat?: number; sku?: string; name?: string } = {}) {
  n += 1;
  return db
    .insertInto('products')
    .values({
      sku: opts.sku ?? `DSK-${n}-${Math.random().toString(36).slice(2, 6)}`,
      name: opts.name ?? `Çelik vida ${n} — ğüşıöç İ`,
      list_price: opts.price ?? 10000,
      currency: 'TRY',
      vat_rate: opts.vat ?? 20,
      stock_qty: opts.stock ?? 100,
      out_of_stock_behaviour: 'block',
    } as never)
    .returning(['id', 'sku'])
    .executeTakeFirstOrThrow();
}

export async function dealer(db: Kysely<TenantDb>, opts: { name?: string; limit?: number; settlement?: 'open_account' | 'prepayment'; overLimit?: 'block' | 'review'; userLocale?: 'tr' | 'en' } = {}) {
  const d = await build.dealer(db, { companyName: opts.name ?? 'Deniz Hırdavat Ltd. Şti.' });
  const buyer = await build.dealerUser(db, { dealerId: d.id, role: 'buyer' });
  const admin = await build.dealerUser(db, { dealerId: d.id, role: 'dealer_admin' });
  if (opts.userLocale) await db.updateTable('users').set({ locale: opts.userLocale }).where('id', '=', buyer.user.id).execute();
  await db.insertInto('addresses').values({ dealer_id: d.id, kind: 'shipping', label: 'Merkez depo', line1: 'Organize Sanayi 4. Cadde No: 12', city: 'İstanbul', is_default: true }).execute();
  await db
    .insertInto('dealer_accounts')
    .values({ dealer_id: d.id, currency: 'TRY', credit_limit: opts.limit ?? 1_000_000_000, over_limit: opts.overLimit ?? 'block', payment_methods: ['open_account', 'wire', 'prepayment'], settlement: opts.settlement ?? 'open_account' })
    .execute();
  return { dealerId: d.id, userId: buyer.user.id, buyerEmail: buyer.user.email, adminEmail: admin.user.email, code: d.code };
}

export async function order(db: Kysely<TenantDb>, tenantId: number, who: { dealerId: number; userId: number }, items: SubmitInput['items'], extra: Partial<SubmitInput> = {}) {
  const r = await submitOrder(db, {
    tenantId,
    timeZone: 'Europe/Istanbul',
    dealerId: who.dealerId,
    userId: who.userId,
    idempotencyKey: `k-${Math.random().toString(36).slice(2)}`,
    items,
    paymentMethod: 'open_account',
    ...extra,
  });
  if (r.kind !== 'created') throw new Error(`order not created: ${JSON.stringify(r)}`);
  return r;
}

export const stockOf = (db: Kysely<TenantDb>, id: number) => db.selectFrom('products').select(['stock_qty', 'reserved_qty']).where('id', '=', id).executeTakeFirstOrThrow();
