import type { Kysely } from 'kysely';
import type { Test } from 'uvu';
import type { StaffRole } from '../../src/auth/permissions.ts';
import { createProduct, type NewProduct } from '../../src/catalog/products.ts';
import type { TenantDb } from '../../src/db/types.ts';
import { makeTestApp, type TestApp } from '../support/app.ts';
import { build, sessionCookie } from '../support/build.ts';
import { closeTestDb, makeTenant } from '../support/db.ts';
import { getter, poster } from './staff-support.ts';

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

type Tenant = Awaited<ReturnType<typeof makeTenant>>;

/*
 * The staff catalog route suites (staff-products, staff-categories, staff-attributes) share one
 * setup: tenant A under test with a catalog manager, warehouse staff and a dealer user; tenant B
 * with its own staff (for isolation checks: onB/postB). The bindings below are live exports filled in by
 * `before`: test/run.mjs runs every test file in its own process, so one suite owns them.
 */
export let t: TestApp;
export let A: Tenant;
export let B: Tenant;
export let manager: string;
export let managerId: number;
export let warehouse: string;
export let dealer: string;
export let managerB: string;
export let post: ReturnType<typeof poster>;
export let get: ReturnType<typeof getter>;
/** Requests to tenant B's host (with managerB: A's ids must be 404 there). */
export let onB: ReturnType<typeof getter>;
export let postB: ReturnType<typeof poster>;

export function staffCatalogSuite(test: Test, opts: { a: string; b: string; bRole?: StaffRole; setup?: () => Promise<void> }): void {
  test.before(async () => {
    t = await makeTestApp();
    A = await makeTenant({ name: opts.a });
    B = await makeTenant({ name: opts.b });
    managerId = (await build.staff(A.db, { role: 'catalog_manager' })).user.id;
    manager = await sessionCookie(A.db, managerId);
    warehouse = await sessionCookie(A.db, (await build.staff(A.db, { role: 'warehouse' })).user.id);
    const d = await build.dealer(A.db);
    dealer = await sessionCookie(A.db, (await build.dealerUser(A.db, { dealerId: d.id, totp: false })).user.id);
    managerB = await sessionCookie(B.db, (await build.staff(B.db, { role: opts.bRole ?? 'catalog_manager' })).user.id);
    post = poster(t, A.host);
    get = getter(t, A.host);
    onB = getter(t, B.host);
    postB = poster(t, B.host);
    await opts.setup?.();
  });
  test.after(async () => {
    await t.close();
    await closeTestDb();
  });
}
