import type { Kysely } from 'kysely';
import { generateCode } from '../../src/auth/totp.ts';
import type { DealerRole } from '../../src/auth/permissions.ts';
import type { TenantDb } from '../../src/db/types.ts';
import { submitOrder } from '../../src/orders/submit.ts';
import { build, sessionCookie } from '../support/build.ts';
import { makeTenant } from '../support/db.ts';

/** Approvals test world: a tenant, a dealer with an account, people with TOTP, products, rules, orders. */
export type Db = Kysely<TenantDb>;

export interface Person {
  id: number;
  name: string;
  secret: string | null;
  cookie: string;
  /** TOTP codes for consecutive decisions: the current step, then the next one (both accepted). */
  code(): string;
}

export async function person(db: Db, dealerId: number, role: DealerRole, name: string, opts: { permissions?: string[]; totp?: boolean } = {}): Promise<Person> {
  const { user, totpSecret } = await build.dealerUser(db, { dealerId, role, name, permissions: opts.permissions, totp: opts.totp ?? true });
  const cookie = await sessionCookie(db, user.id);
  let used = 0;
  return {
    id: user.id,
    name,
    secret: totpSecret,
    cookie,
    code() {
      if (!totpSecret) return '000000';
      const at = Date.now() + used * 30_000;
      used += 1;
      return generateCode(totpSecret, at);
    },
  };
}

let n = 0;

export async function world(tenant?: Awaited<ReturnType<typeof makeTenant>>) {
  const ten = tenant ?? (await makeTenant({ defaultLocale: 'en' }));
  const db = ten.db;
  const dealer = await build.dealer(db, { companyName: 'Güney Elektrik Ltd.' });
  await db.insertInto('addresses').values({ dealer_id: dealer.id, kind: 'shipping', label: 'Depo', line1: 'Organize Sanayi 4. Cadde No: 12', city: 'İstanbul', is_default: true }).execute();
  await db
    .insertInto('dealer_accounts')
    .values({ dealer_id: dealer.id, currency: 'TRY', credit_limit: 1_000_000_000, over_limit: 'block', payment_methods: ['open_account', 'wire', 'prepayment'] as never, settlement: 'open_account' })
    .execute();
  const admin = await person(db, dealer.id, 'dealer_admin', 'Ayla Yönetici');
  const a = await person(db, dealer.id, 'approver', 'Oğuz Onaycı');
  const b = await person(db, dealer.id, 'approver', 'Büşra Onaycı');
  const buyer = await person(db, dealer.id, 'buyer', 'Selin Alıcı', { totp: false });
  return { ...ten, dealer, admin, a, b, buyer };
}
export type World = Awaited<ReturnType<typeof world>>;

export async function product(db: Db, opts: { stock?: number; price?: number; categoryId?: number } = {}) {
  n += 1;
  return db
    .insertInto('products')
    .values({
      sku: `APR-${n}`,
      name: `Kablo ${n}`,
      list_price: opts.price ?? 10000,
      currency: 'TRY',
      vat_rate: 20,
      stock_qty: opts.stock ?? 100,
      out_of_stock_behaviour: 'block',
      category_id: opts.categoryId ?? null,
    } as never)
    .returning(['id'])
    .executeTakeFirstOrThrow();
}

export async function rule(db: Db, dealerId: number, opts: { levels?: number; approverIds?: number[]; amount?: number; name?: string } = {}) {
  return db
    .insertInto('approval_rules')
    .values({ dealer_id: dealerId, name: opts.name ?? `Over ${opts.amount ?? 0}`, kind: 'amount_over', amount: opts.amount ?? 0, currency: 'TRY', levels: opts.levels ?? 1, approver_ids: opts.approverIds ?? [] })
    .returning('id')
    .executeTakeFirstOrThrow();
}

/** Submits an order of `qty` × product by `userId`; returns the order id and its first approval step. */
export async function order(w: Pick<World, 'db' | 'tenant' | 'dealer'>, userId: number, productId: number, qty = 2) {
  const r = await submitOrder(w.db, {
    tenantId: w.tenant.id,
    timeZone: 'Europe/Istanbul',
    dealerId: w.dealer.id,
    userId,
    idempotencyKey: `k-${Math.random().toString(36).slice(2)}`,
    items: [{ productId, qty }],
    paymentMethod: 'open_account',
  });
  if (r.kind !== 'created') throw new Error(`order not created: ${JSON.stringify(r)}`);
  const steps = await w.db.selectFrom('order_approvals').selectAll().where('order_id', '=', r.orderId).orderBy('level').execute();
  return { id: r.orderId, number: r.number, status: r.status, steps };
}
