import { randomUUID } from 'node:crypto';
import { Hono, type Context } from 'hono';
import type { Kysely } from 'kysely';
import { requireDealer } from '../auth/middleware.ts';
import { cartFigures, cartItems, findCart, productsById, type Cart } from '../carts/carts.ts';
import { cartMessages } from '../carts/messages.ts';
import { cartViewer, figuresView, requestPricingCtx } from '../carts/view-model.ts';
import { moneyFormat } from '../catalog/money.ts';
import type { OrderStatus, PaymentMethod, TenantDb } from '../db/types.ts';
import { notifyApprovers } from '../approvals/notify.ts';
import { loadBrand } from '../notifications/brand.ts';
import { nudgeNotifications } from '../notifications/jobs.ts';
import type { Brand } from '../notifications/templates.ts';
import { notifyOrderStatus } from './notify.ts';
import { portalDealer, portalPage } from '../dealers/portal-context.ts';
import { PricingError } from '../pricing/resolve.ts';
import { pricingDay } from '../pricing/resolve.ts';
import type { AppEnv } from '../web/env.ts';
import { setFlash } from '../web/flash.ts';
import { parseId } from '../web/params.ts';
import { CheckoutPage, CheckoutTotals, ReviewPage, type AddressOption, type CheckoutErrors, type CheckoutValues, type PayOption, type ReviewLine } from '../../views/orders/portal/checkout.tsx';
import { orderPortalMessages, type OrderPortalMessages } from './portal-messages.ts';
import { submitOrder, type SubmitResult } from './submit.ts';

/**
 * ORD-4/ORD-5 dealer side: `/portal/orders/checkout?cart=ID` → review (figures with the chosen
 * payment method and shipping, a fresh idempotency key, the total shown) → confirm (submitOrder).
 * A double click or retry with the same key returns the first order; the cart is emptied after a
 * successful submission (a retried confirm is safe because of the key).
 */
export const checkoutRoutes = new Hono<AppEnv>();
checkoutRoutes.use('/checkout', requireDealer('orders.place'));
checkoutRoutes.use('/checkout/*', requireDealer('orders.place'));

const str = (v: unknown) => (typeof v === 'string' ? v : '');

export function payLabel(m: OrderPortalMessages, method: string, installments?: number | null): string {
  if (method === 'installments') return m.pm_installments(installments ?? 2);
  const key = `pm_${method}` as 'pm_wire';
  return typeof m[key] === 'string' ? (m[key] as string) : method;
}

function parsePay(v: string): { method: PaymentMethod; installments?: number } | null {
  const [method, n] = v.split(':');
  if (!['wire', 'open_account', 'prepayment', 'card', 'installments'].includes(method ?? '')) return null;
  if (method === 'installments') {
    const k = Number(n);
    return Number.isInteger(k) && k >= 2 && k <= 48 ? { method, installments: k } : null;
  }
  return { method: method as PaymentMethod };
}

const addressText = (a: { line1: string; line2: string; district: string; city: string; postal_code: string }) => [a.line1, a.line2, a.district, [a.postal_code, a.city].filter(Boolean).join(' ')].filter(Boolean).join(', ');

interface Setup {
  cart: Cart;
  items: Array<{ productId: number; qty: number }>;
  addresses: Array<AddressOption & { isDefault: boolean }>;
  payOptions: Array<{ value: string; method: PaymentMethod; installments?: number }>;
  ctx: NonNullable<Awaited<ReturnType<typeof requestPricingCtx>>>;
}

/** The cart being checked out, when it is a cart this user may see (else null → 404). */
async function loadCart(c: Context<AppEnv>, cartIdRaw: string): Promise<{ cart: Cart; items: Setup['items'] } | null> {
  const v = cartViewer(c)!;
  const id = parseId(cartIdRaw);
  if (id === null) return null;
  const cart = await findCart(c.var.db, v, id);
  if (!cart || cart.kind !== 'cart') return null;
  return { cart, items: await cartItems(c.var.db, cart.id) };
}

/** Everything the checkout and review pages show besides the cart: addresses, payment options, pricing context. */
async function complete(c: Context<AppEnv>, base: { cart: Cart; items: Setup['items'] }): Promise<Setup | null> {
  const dealerId = base.cart.dealer_id;
  const [addrRows, account, inst, ctx] = await Promise.all([
    c.var.db.selectFrom('addresses').selectAll().where('dealer_id', '=', dealerId).where('kind', '=', 'shipping').orderBy('is_default', 'desc').orderBy('id').execute(),
    c.var.db.selectFrom('dealer_accounts').select('payment_methods').where('dealer_id', '=', dealerId).executeTakeFirst(),
    c.var.db.selectFrom('payment_adjustments').select('installments').distinct().where('method', '=', 'installments').where('installments', 'is not', null).orderBy('installments').execute(),
    requestPricingCtx(c, dealerId),
  ]);
  if (!ctx) return null;
  const allowed = (account?.payment_methods ?? ['open_account']) as PaymentMethod[];
  const payOptions: Setup['payOptions'] = [];
  for (const method of allowed) {
    if (method === 'installments') for (const r of inst) payOptions.push({ value: `installments:${r.installments}`, method, installments: r.installments! });
    else payOptions.push({ value: method, method });
  }
  return {
    ...base,
    addresses: addrRows.map((a) => ({ id: a.id, label: a.label, text: addressText(a), isDefault: a.is_default })),
    payOptions,
    ctx,
  };
}

async function setup(c: Context<AppEnv>, cartIdRaw: string): Promise<Setup | null> {
  const base = await loadCart(c, cartIdRaw);
  return base ? complete(c, base) : null;
}

async function checkoutPage(c: Context<AppEnv>, s: Setup, values: CheckoutValues | null, errors: CheckoutErrors = {}, problems: string[] = [], status: 200 | 409 | 422 = 200) {
  const dealer = await portalDealer(c);
  if (!dealer) return c.notFound();
  const m = orderPortalMessages[c.var.locale];
  const money = moneyFormat(c);
  const products = await productsById(c.var.db, s.items.map((i) => i.productId));
  const items = s.items.filter((i) => products.get(i.productId)?.orderable);
  let base = null;
  const payments: PayOption[] = [];
  try {
    base = await cartFigures(c.var.db, s.ctx, items, { shippingMethodId: values ? parseId(values.ship) : null });
    for (const o of s.payOptions) {
      let total: number | null = null;
      try {
        total = (await cartFigures(c.var.db, s.ctx, items, { paymentMethod: o.method, installments: o.installments, shippingMethodId: base.shipping?.id ?? null })).totals.totalGross;
      } catch (err) {
        if (!(err instanceof PricingError)) throw err;
        if (err.code === 'payment_method_unavailable') continue;
      }
      payments.push({ value: o.value, label: payLabel(m, o.method, o.installments), total });
    }
  } catch (err) {
    if (!(err instanceof PricingError)) throw err;
    errors.form ??= m.errPricing;
    for (const o of s.payOptions) payments.push({ value: o.value, label: payLabel(m, o.method, o.installments), total: null });
  }
  const v: CheckoutValues = values ?? {
    address_id: s.addresses[0] ? String(s.addresses[0].id) : '',
    ship: base?.shipping ? String(base.shipping.id) : '',
    date: '',
    pay: payments[0]?.value ?? '',
    note: '',
    po: '',
  };
  if (!items.length) errors.form ??= m.errEmpty;
  return c.html(
    portalPage(
      c,
      m.checkoutTitle,
      <CheckoutPage
        locale={c.var.locale}
        money={money}
        cart={{ id: s.cart.id, name: s.cart.name }}
        addresses={s.addresses}
        shipping={(base?.options ?? []).map((o) => ({ id: o.id, name: o.name, net: o.net }))}
        payments={payments}
        currency={s.ctx.currency}
        today={pricingDay(new Date(), c.var.tenant.timeZone)}
        values={v}
        errors={errors}
        problems={problems}
        figures={base ? figuresView(base) : null}
      />,
      dealer,
    ),
    status,
  );
}

checkoutRoutes.get('/checkout', async (c) => {
  const s = await setup(c, c.req.query('cart') ?? '');
  if (!s) return c.notFound();
  const chosen = parseId(c.req.query('address'));
  const i = s.addresses.findIndex((a) => a.id === chosen);
  if (i > 0) s.addresses.unshift(...s.addresses.splice(i, 1));
  return checkoutPage(c, s, null);
});

function readValues(form: Record<string, unknown>): CheckoutValues {
  return {
    address_id: str(form.address_id),
    ship: str(form.ship),
    date: str(form.date).trim(),
    pay: str(form.pay),
    note: str(form.note).trim().slice(0, 2000),
    po: str(form.po).trim().slice(0, 100),
  };
}

function validate(c: Context<AppEnv>, s: Setup, v: CheckoutValues, shippingIds: number[]): CheckoutErrors {
  const m = orderPortalMessages[c.var.locale];
  const e: CheckoutErrors = {};
  const addr = parseId(v.address_id);
  if (addr === null || !s.addresses.some((a) => a.id === addr)) e.address_id = m.errAddress;
  if (shippingIds.length && !shippingIds.includes(parseId(v.ship) ?? -1)) e.ship = m.errShipping;
  if (!s.payOptions.some((o) => o.value === v.pay)) e.pay = m.errPayment;
  if (v.date) {
    const today = pricingDay(new Date(), c.var.tenant.timeZone);
    if (!/^\d{4}-\d{2}-\d{2}$/.test(v.date) || Number.isNaN(Date.parse(v.date)) || v.date < today) e.date = m.errDate;
  }
  return e;
}

async function reviewPage(c: Context<AppEnv>, s: Setup, v: CheckoutValues, key: string, repriced: { was: number; seen: Map<number, number> } | null, status: 200 | 409 = 200) {
  const m = orderPortalMessages[c.var.locale];
  const pay = parsePay(v.pay)!;
  const products = await productsById(c.var.db, s.items.map((i) => i.productId));
  const figures = await cartFigures(c.var.db, s.ctx, s.items, { paymentMethod: pay.method, installments: pay.installments, shippingMethodId: parseId(v.ship) });
  const dealer = await portalDealer(c);
  if (!dealer) return c.notFound();
  const lines: ReviewLine[] = figures.lines.map((l) => {
    const p = products.get(l.productId)!;
    const seen = repriced?.seen.get(l.productId);
    return { productId: l.productId, was: seen !== undefined && seen !== l.unitNet ? seen : undefined, sku: p.sku, name: p.name, variant: p.variant, qty: l.qty, unit: p.unit, unitNet: l.unitNet, listUnitNet: l.listUnitNet, lineNet: l.lineNet, lineGross: l.lineGross, vatRate: l.vatRate };
  });
  const address = s.addresses.find((a) => String(a.id) === v.address_id)!;
  return c.html(
    portalPage(
      c,
      m.reviewTitle,
      <ReviewPage
        locale={c.var.locale}
        money={moneyFormat(c)}
        cart={{ id: s.cart.id, name: s.cart.name }}
        values={v}
        address={address}
        shippingName={figures.shipping?.name ?? null}
        paymentLabel={payLabel(m, pay.method, pay.installments)}
        lines={lines}
        figures={figuresView(figures)}
        idempotencyKey={key}
        repriced={repriced ? { was: repriced.was } : null}
      />,
      dealer,
    ),
    status,
  );
}

/** Checks the form; null when it is fine, else the re-rendered form (422). */
async function checkForm(c: Context<AppEnv>, s: Setup, v: CheckoutValues) {
  const m = orderPortalMessages[c.var.locale];
  const methods = await c.var.db.selectFrom('shipping_methods').select('id').where('active', '=', true).execute();
  const errors = validate(c, s, v, methods.map((x) => x.id));
  const products = await productsById(c.var.db, s.items.map((i) => i.productId));
  if (!s.items.length) errors.form = m.errEmpty;
  else if (s.items.some((i) => !products.get(i.productId)?.orderable)) errors.form = m.errLines;
  return Object.keys(errors).length ? checkoutPage(c, s, v, errors, [], 422) : null;
}

checkoutRoutes.post('/checkout/review', async (c) => {
  const form = await c.req.parseBody();
  const s = await setup(c, str(form.cart));
  if (!s) return c.notFound();
  const v = readValues(form);
  const bad = await checkForm(c, s, v);
  if (bad) return bad;
  try {
    return await reviewPage(c, s, v, randomUUID(), null);
  } catch (err) {
    if (!(err instanceof PricingError)) throw err;
    return checkoutPage(c, s, v, { form: orderPortalMessages[c.var.locale].errPricing }, [], 422);
  }
});

/** Live totals for the chosen shipping and payment method (htmx from the checkout form). */
checkoutRoutes.post('/checkout/totals', async (c) => {
  const form = await c.req.parseBody();
  const s = await setup(c, str(form.cart));
  if (!s) return c.notFound();
  const v = readValues(form);
  const pay = s.payOptions.some((o) => o.value === v.pay) ? parsePay(v.pay) : null;
  const products = await productsById(c.var.db, s.items.map((i) => i.productId));
  const items = s.items.filter((i) => products.get(i.productId)?.orderable);
  try {
    const f = await cartFigures(c.var.db, s.ctx, items, { paymentMethod: pay?.method, installments: pay?.installments, shippingMethodId: parseId(v.ship) });
    return c.html(<CheckoutTotals locale={c.var.locale} money={moneyFormat(c)} figures={figuresView(f)} />);
  } catch (err) {
    if (!(err instanceof PricingError)) throw err;
    return c.html(<div class="panel" id="checkout-totals"><p class="notice notice--warn">{orderPortalMessages[c.var.locale].errPricing}</p></div>);
  }
});

checkoutRoutes.post('/checkout/edit', async (c) => {
  const form = await c.req.parseBody();
  const s = await setup(c, str(form.cart));
  return s ? checkoutPage(c, s, readValues(form)) : c.notFound();
});

checkoutRoutes.post('/checkout/address', async (c) => {
  const form = await c.req.parseBody();
  const s = await setup(c, str(form.cart));
  if (!s) return c.notFound();
  const m = orderPortalMessages[c.var.locale];
  const line1 = str(form.line1).trim().slice(0, 200);
  const city = str(form.city).trim().slice(0, 100);
  if (!line1 || !city) return checkoutPage(c, s, null, { form: m.errAddrLine }, [], 422);
  const row = await c.var.db
    .insertInto('addresses')
    .values({
      dealer_id: s.cart.dealer_id,
      kind: 'shipping',
      label: str(form.label).trim().slice(0, 100),
      line1,
      district: str(form.district).trim().slice(0, 100),
      city,
      postal_code: str(form.postal_code).trim().slice(0, 20),
      phone: str(form.phone).trim().slice(0, 40),
      is_default: s.addresses.length === 0,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  await setFlash(c, { kind: 'success', message: m.addrAdded });
  return c.redirect(`/portal/orders/checkout?cart=${s.cart.id}&address=${row.id}`, 303);
});

/** The messages of a refused submission, per line where it names lines. */
async function refusalText(c: Context<AppEnv>, r: Extract<SubmitResult, { kind: 'rejected' }>): Promise<{ form: string; problems: string[] }> {
  const m = orderPortalMessages[c.var.locale];
  const cm = cartMessages[c.var.locale];
  const money = moneyFormat(c);
  switch (r.code) {
    case 'out_of_stock': {
      const products = await productsById(c.var.db, r.short.map((x) => x.productId));
      return { form: m.outOfStock, problems: r.short.map((x) => m.outOfStockLine(products.get(x.productId)?.sku ?? `#${x.productId}`, x.wanted, x.available)) };
    }
    case 'credit_limit':
      return { form: m.creditLimit(money(r.limit, r.currency), money(r.exposure, r.currency), money(r.total, r.currency)), problems: [] };
    case 'lines': {
      const products = await productsById(c.var.db, (r.problems ?? []).map((x) => x.productId));
      return {
        form: m.errLines,
        problems: (r.problems ?? []).map((x) => {
          const sku = products.get(x.productId)?.sku ?? `#${x.productId}`;
          const why = x.code === 'below_minimum' ? cm.err_below_minimum(x.minQty ?? 1) : x.code === 'not_multiple' ? cm.err_not_multiple(x.multiple ?? 1) : cm.err_not_orderable;
          return `${sku}: ${why}`;
        }),
      };
    }
    case 'payment_method':
      return { form: m.errPayment, problems: [] };
    case 'address':
      return { form: m.errAddress, problems: [] };
    case 'shipping_method':
      return { form: m.errShipping, problems: [] };
    case 'empty':
      return { form: m.errEmpty, problems: [] };
    case 'dealer':
      return { form: m.errDealer, problems: [] };
    default:
      return { form: m.errPricing, problems: [] };
  }
}

/**
 * ORD-5/ORD-7/APR-3: what a new order writes in its own transaction (submitOrder's onCreated; only
 * for a created order — a retried or concurrent submission with the same key is a 'duplicate' and
 * writes nothing): the cart is emptied, the order-placed mail goes to the orderer and the dealer
 * admins and — when it waits for approval — the first approval step to its approvers. The mails
 * are outbox rows, so they exist exactly when the order does; they are nudged after commit.
 */
function newOrderWrites(s: { cart: { id: number } }, brand: Brand, mailIds: number[]) {
  return async (trx: Kysely<TenantDb>, order: { id: number; status: OrderStatus }) => {
    await trx.deleteFrom('cart_lines').where('cart_id', '=', s.cart.id).execute();
    mailIds.push(...(await notifyOrderStatus(trx, order.id, null, order.status, brand)));
    if (order.status === 'awaiting_approval') mailIds.push(...(await notifyApprovers(trx, order.id, brand)));
  };
}

checkoutRoutes.post('/checkout/confirm', async (c) => {
  const form = await c.req.parseBody();
  // Only the cart is read up front: submitOrder reads what it needs itself, and the checkout's
  // addresses, payment options and pricing context are loaded only when a page is shown again.
  const base = await loadCart(c, str(form.cart));
  if (!base) return c.notFound();
  const full = () => complete(c, base);
  const m = orderPortalMessages[c.var.locale];
  const v = readValues(form);
  const key = str(form.key).trim();
  const expected = Number(str(form.expected));
  const pay = parsePay(v.pay);
  if (!key || key.length > 100 || !Number.isSafeInteger(expected) || !pay) {
    const s = await full();
    return s ? checkoutPage(c, s, v, { form: m.errPayment }, [], 422) : c.notFound();
  }
  const s = base;
  // A retried confirm after success finds the cart empty: submitOrder still answers 'duplicate'.
  const mailIds: number[] = [];
  const brand = await loadBrand(c);
  const result = await submitOrder(c.var.db, {
    tenantId: c.var.tenant.id,
    timeZone: c.var.tenant.timeZone,
    dealerId: s.cart.dealer_id,
    userId: c.var.user!.id,
    idempotencyKey: key,
    items: s.items,
    paymentMethod: pay.method,
    installments: pay.installments,
    shippingMethodId: parseId(v.ship),
    shippingAddressId: parseId(v.address_id),
    requestedDate: v.date || null,
    note: v.note,
    poNumber: v.po,
    cartName: s.cart.name,
    expectedTotalGross: expected,
    onCreated: newOrderWrites(s, brand, mailIds),
  });
  if (result.kind === 'created' || result.kind === 'duplicate') {
    if (result.kind === 'created' && mailIds.length) {
      await nudgeNotifications(c.var.deps.queues, c.var.tenant.id, mailIds).catch((err: Error) => c.var.log.warn({ err: err.message }, 'could not enqueue mail job; the sweep will send it'));
    }
    const text =
      result.kind === 'duplicate'
        ? m.duplicate(result.number)
        : result.status === 'awaiting_approval'
          ? m.createdApproval(result.number)
          : result.status === 'credit_review'
            ? m.createdCredit(result.number)
            : result.status === 'awaiting_payment'
              ? m.createdPayment(result.number)
              : m.created(result.number);
    await setFlash(c, { kind: result.kind === 'duplicate' ? 'info' : 'success', message: text });
    return c.redirect(`/portal/orders/${result.orderId}`, 303);
  }
  if (result.kind === 'repriced') {
    const seen = new Map<number, number>();
    for (const [k, val] of Object.entries(form)) {
      const id = /^seen_(\d{1,18})$/.exec(k)?.[1];
      if (id && /^\d{1,15}$/.test(str(val))) seen.set(Number(id), Number(str(val)));
    }
    const page = await full();
    return page ? reviewPage(c, page, v, key, { was: expected, seen }, 409) : c.notFound();
  }
  if (result.kind !== 'rejected') throw new Error('unexpected submission result');
  const { form: text, problems } = await refusalText(c, result);
  const errors: CheckoutErrors = { form: text };
  if (result.code === 'payment_method') errors.pay = m.errPayment;
  if (result.code === 'address') errors.address_id = m.errAddress;
  const page = await full();
  return page ? checkoutPage(c, page, v, errors, problems, 409) : c.notFound();
});
