import type { Kysely } from 'kysely';
import type { OrderStatus, TenantDb } from '../../src/db/types.ts';
import { hashPassword } from '../../src/auth/passwords.ts';
import type { DealerRole, StaffRole } from '../../src/auth/permissions.ts';
import { createSession } from '../../src/auth/sessions.ts';
import { newTotpSecret, sealTotpSecret } from '../../src/auth/totp.ts';
import { createDealerUser, createStaffUser, type User } from '../../src/auth/users.ts';
import { testConfig } from './config.ts';

/** Builders: each test makes exactly the rows it needs in its own tenant schema. */
export const DEFAULT_PASSWORD = 'doğru-at-pil-zımba-42';
let seq = 0;
const next = () => `${Date.now().toString(36)}${(++seq).toString(36)}`;

let cachedHash: Promise<string> | null = null;
const defaultHash = () => (cachedHash ??= hashPassword(DEFAULT_PASSWORD));

async function enrol(db: Kysely<TenantDb>, user: User, totp: boolean): Promise<{ user: User; totpSecret: string | null }> {
  if (!totp) return { user, totpSecret: null };
  const totpSecret = newTotpSecret();
  const updated = await db
    .updateTable('users')
    .set({ totp_secret: sealTotpSecret(totpSecret, testConfig().SESSION_SECRET), totp_enabled_at: new Date() })
    .where('id', '=', user.id)
    .returningAll()
    .executeTakeFirstOrThrow();
  return { user: updated, totpSecret };
}

export const build = {
  async staff(db: Kysely<TenantDb>, opts: { role?: StaffRole; email?: string; name?: string; totp?: boolean; password?: string } = {}) {
    const user = await createStaffUser(db, {
      email: opts.email ?? `staff-${next()}@seller.example`,
      name: opts.name ?? 'Selin Personel',
      role: opts.role ?? 'admin',
      passwordHash: opts.password ? await hashPassword(opts.password) : await defaultHash(),
    });
    return enrol(db, user, opts.totp ?? true);
  },

  async dealer(db: Kysely<TenantDb>, opts: { code?: string; companyName?: string; status?: 'active' | 'blocked' } = {}) {
    return db
      .insertInto('dealers')
      .values({ code: opts.code ?? `D${next().toUpperCase()}`, company_name: opts.companyName ?? 'Deniz Hırdavat Ltd. Şti.', status: opts.status ?? 'active' })
      .returningAll()
      .executeTakeFirstOrThrow();
  },

  async dealerUser(
    db: Kysely<TenantDb>,
    opts: { dealerId: number; role?: DealerRole; email?: string; name?: string; totp?: boolean; permissions?: string[]; password?: string },
  ) {
    const role = opts.role ?? 'buyer';
    const user = await createDealerUser(db, {
      dealerId: opts.dealerId,
      email: opts.email ?? `user-${next()}@dealer.example`,
      name: opts.name ?? 'Ali Alıcı',
      role,
      permissions: opts.permissions,
      passwordHash: opts.password ? await hashPassword(opts.password) : await defaultHash(),
    });
    return enrol(db, user, opts.totp ?? (role !== 'buyer' && role !== 'viewer'));
  },

  /**
   * An order row as the real tables hold it, written directly (no pricing, no stock) for tests
   * that only need order history — e.g. recommendations. Orders that go through the business
   * rules use submitOrder instead.
   */
  async order(db: Kysely<TenantDb>, opts: { dealerId: number; status: OrderStatus; placedAt: Date | null; lines: Array<{ productId: number; qty: number }> }) {
    const order = await db
      .insertInto('orders')
      .values({ dealer_id: opts.dealerId, status: opts.status, idempotency_key: `t-${next()}`, currency: 'TRY', priced_on: '2026-01-01', payment_method: 'open_account', placed_at: opts.placedAt })
      .returning(['id'])
      .executeTakeFirstOrThrow();
    if (opts.lines.length) {
      await db
        .insertInto('order_lines')
        .values(opts.lines.map((l, i) => ({ order_id: order.id, line_no: i + 1, product_id: l.productId, sku: `L${i}`, name: 'line', qty: l.qty, vat_rate: 20, unit_net: 100, unit_gross: 120, list_unit_net: 100, line_net: 100 * l.qty, line_gross: 120 * l.qty })))
        .execute();
    }
    return order.id;
  },
};

/** A Cookie header for a signed-in session (second factor already passed unless told otherwise). */
export async function sessionCookie(db: Kysely<TenantDb>, userId: number, opts: { twoFactorVerified?: boolean; actingDealerId?: number } = {}): Promise<string> {
  const { token } = await createSession(db, userId, { twoFactorVerified: opts.twoFactorVerified ?? true, actingDealerId: opts.actingDealerId });
  return `kv_session=${token}`;
}

/** Shortcut: a signed-in admin staff member's cookie. */
export async function staffCookie(db: Kysely<TenantDb>, role: StaffRole = 'admin'): Promise<string> {
  const { user } = await build.staff(db, { role });
  return sessionCookie(db, user.id);
}
