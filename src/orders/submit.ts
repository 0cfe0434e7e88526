import { sql, type Kysely } from 'kysely';
import type { OrderStatus, PaymentMethod, TenantDb } from '../db/types.ts';
import { evaluateApproval } from '../approvals/rules.ts';
import { CreditError, exposure, lockAccount } from '../finance/credit.ts';
import { dealerPricing, priceForDealer } from '../pricing/context.ts';
import { convert, divRound, parseDecimal, RATE_SCALE } from '../pricing/money.ts';
import { PricingError, type ResolvedPrice } from '../pricing/resolve.ts';
import { reserveStock, StockShortError } from '../stock/stock.ts';

/**
 * ORD-5: order submission — one transaction that
 *  1. takes the dealer's account row lock (FIN-2; every submission of a dealer queues here, so
 *     the idempotency check and the credit check below see every earlier order of the dealer);
 *  2. returns the first order when the idempotency key was used before (double click, retry);
 *  3. checks the lines (visible, active, minimum quantity, order multiple) and the payment method;
 *  4. re-prices every line with the one price rule (PRC-6) — when the total differs from what the
 *     buyer last saw, nothing is written and the new figures are returned to be confirmed again;
 *  5. reserves stock with conditional updates (never more than is available, backorder products
 *     excepted);
 *  6. evaluates the purchasing policy (APR-1) and the credit limit (FIN-2: block, or send to the
 *     seller's finance for review, per dealer account);
 *  7. writes the order, its lines with the price breakdown frozen, the status history and the
 *     approval steps.
 * Refusals are return values; nothing is left behind by a refused submission.
 *
 * Totals: each line is priced by resolvePrices (line net, line gross rounded half-up from the
 * line net); VAT per rate = Σ(line gross − line net) of the lines with that rate. Shipping is the
 * method's price (converted to the order currency when needed), free when the lines' net total
 * reaches the method's free-from amount; its VAT is rounded half-up once.
 */
export interface SubmitInput {
  tenantId: number;
  timeZone: string;
  dealerId: number;
  userId: number;
  idempotencyKey: string;
  items: Array<{ productId: number; qty: number }>;
  paymentMethod: PaymentMethod;
  installments?: number;
  shippingMethodId?: number | null;
  shippingAddressId?: number | null;
  requestedDate?: string | null;
  note?: string;
  poNumber?: string;
  cartName?: string;
  /** The total gross the buyer confirmed on the review page; a different total → 'repriced'. */
  expectedTotalGross?: number;
  at?: Date;
}

export interface OrderTotals {
  currency: string;
  linesNet: number;
  linesGross: number;
  shippingNet: number;
  shippingGross: number;
  vatTotal: number;
  totalGross: number;
  vatByRate: Array<{ rate: number; net: number; vat: number }>;
}

export type LineProblem = { productId: number; code: 'not_found' | 'not_orderable' | 'below_minimum' | 'not_multiple'; minQty?: number; multiple?: number };

export type SubmitResult =
  | { kind: 'created' | 'duplicate'; orderId: number; number: string; status: OrderStatus }
  | { kind: 'repriced'; totals: OrderTotals; lines: ResolvedPrice[] }
  | { kind: 'rejected'; code: 'dealer' | 'empty' | 'lines'; problems?: LineProblem[] }
  | { kind: 'rejected'; code: 'payment_method' | 'address' | 'shipping_method' | 'pricing'; detail?: string }
  | { kind: 'rejected'; code: 'out_of_stock'; short: Array<{ productId: number; wanted: number; available: number }> }
  | { kind: 'rejected'; code: 'credit_limit'; limit: number; exposure: number; total: number; currency: string };

class Refusal extends Error {
  constructor(readonly result: SubmitResult) {
    super('refused');
  }
}

const MAX_LINES = 2000;

function vatOf(net: bigint, rate: number): bigint {
  return divRound(net * BigInt(100 + rate), 100n) - net;
}

export async function submitOrder(db: Kysely<TenantDb>, input: SubmitInput): Promise<SubmitResult> {
  const key = input.idempotencyKey.trim();
  if (!key || key.length > 100) throw new Error('idempotency key required (1–100 characters)');
  try {
    return await db.transaction().execute((trx) => submitIn(trx, { ...input, idempotencyKey: key }));
  } catch (err) {
    if (err instanceof Refusal) return err.result;
    throw err;
  }
}

async function submitIn(trx: Kysely<TenantDb>, input: SubmitInput): Promise<SubmitResult> {
  const refuse = (r: SubmitResult): never => {
    throw new Refusal(r);
  };
  const ctx = await dealerPricing(trx, { tenantId: input.tenantId, dealerId: input.dealerId, timeZone: input.timeZone, at: input.at });
  const dealer = await trx.selectFrom('dealers').select(['id', 'status', 'company_name', 'trade_name', 'tax_office', 'tax_number']).where('id', '=', input.dealerId).executeTakeFirst();
  if (!ctx || !dealer || dealer.status !== 'active') return refuse({ kind: 'rejected', code: 'dealer' });

  const account = await lockAccount(trx, dealer.id, ctx.currency);
  const existing = await trx.selectFrom('orders').select(['id', 'number', 'status']).where('dealer_id', '=', dealer.id).where('idempotency_key', '=', input.idempotencyKey).executeTakeFirst();
  if (existing) return { kind: 'duplicate', orderId: existing.id, number: existing.number, status: existing.status };

  // Lines: merge repeats, then check each product.
  const qtyById = new Map<number, number>();
  for (const it of input.items) {
    if (!Number.isSafeInteger(it.productId) || !Number.isSafeInteger(it.qty) || it.qty < 1 || it.qty > 1_000_000) return refuse({ kind: 'rejected', code: 'lines', problems: [{ productId: it.productId, code: 'not_found' }] });
    qtyById.set(it.productId, (qtyById.get(it.productId) ?? 0) + it.qty);
  }
  if (qtyById.size === 0) return refuse({ kind: 'rejected', code: 'empty' });
  if (qtyById.size > MAX_LINES) return refuse({ kind: 'rejected', code: 'lines' });
  const ids = [...qtyById.keys()];
  const products = await trx
    .selectFrom('products as p')
    .leftJoin('products as parent', 'parent.id', 'p.parent_id')
    .select(['p.id', 'p.sku', 'p.name', 'p.unit', 'p.min_order_qty', 'p.order_multiple', 'p.active', 'p.hidden', 'p.availability', 'p.out_of_stock_behaviour', 'parent.active as parent_active', 'parent.hidden as parent_hidden'])
    .where('p.id', 'in', ids)
    .execute();
  const byId = new Map(products.map((p) => [p.id, p]));
  const problems: LineProblem[] = [];
  for (const [id, qty] of qtyById) {
    const p = byId.get(id);
    if (!p) {
      problems.push({ productId: id, code: 'not_found' });
      continue;
    }
    const visible = p.active && !p.hidden && p.parent_active !== false && p.parent_hidden !== true;
    if (!visible || (p.availability === 'out_of_stock' && p.out_of_stock_behaviour === 'hide')) problems.push({ productId: id, code: 'not_orderable' });
    else if (qty < p.min_order_qty) problems.push({ productId: id, code: 'below_minimum', minQty: p.min_order_qty });
    else if (qty % p.order_multiple !== 0) problems.push({ productId: id, code: 'not_multiple', multiple: p.order_multiple });
  }
  if (problems.length) return refuse({ kind: 'rejected', code: 'lines', problems });

  // Payment method (FIN-4): only what this dealer is allowed.
  if (!account.payment_methods.includes(input.paymentMethod)) return refuse({ kind: 'rejected', code: 'payment_method' });

  // Addresses: the chosen delivery address of this dealer (else its default), billing snapshot.
  const addresses = await trx.selectFrom('addresses').selectAll().where('dealer_id', '=', dealer.id).orderBy('is_default', 'desc').orderBy('id').execute();
  const ship = input.shippingAddressId != null ? addresses.find((a) => a.id === input.shippingAddressId && a.kind === 'shipping') : (addresses.find((a) => a.kind === 'shipping') ?? addresses.find((a) => a.kind === 'billing'));
  if (!ship) return refuse({ kind: 'rejected', code: 'address' });
  const bill = addresses.find((a) => a.kind === 'billing') ?? ship;
  const snap = (a: typeof ship) => ({ id: a.id, label: a.label, line1: a.line1, line2: a.line2, district: a.district, city: a.city, postal_code: a.postal_code, country: a.country, phone: a.phone });

  // Prices (PRC-6).
  let prices: Map<number, ResolvedPrice>;
  try {
    prices = await priceForDealer(trx, ctx, ids.map((id) => ({ productId: id, qty: qtyById.get(id)! })), { paymentMethod: input.paymentMethod, installments: input.installments });
  } catch (err) {
    if (err instanceof PricingError) return refuse({ kind: 'rejected', code: err.code === 'payment_method_unavailable' ? 'payment_method' : 'pricing', detail: err.message });
    throw err;
  }
  const lines = ids.map((id) => prices.get(id)!);
  const currency = ctx.currency;

  // Shipping (ORD-4).
  let shippingNet = 0n;
  let shippingVatRate = 0;
  if (input.shippingMethodId != null) {
    const m = await trx.selectFrom('shipping_methods').selectAll().where('id', '=', input.shippingMethodId).where('active', '=', true).executeTakeFirst();
    if (!m) return refuse({ kind: 'rejected', code: 'shipping_method' });
    const toOrder = async (amount: number): Promise<bigint> => {
      if (m.currency === currency) return BigInt(amount);
      const need = [m.currency, currency].filter((c) => c !== ctx.baseCurrency);
      const rows = need.length
        ? await trx
            .selectFrom('exchange_rates')
            .distinctOn('currency')
            .select(['currency', sql<string>`rate::text`.as('rate')])
            .where('currency', 'in', need)
            .where('rate_date', '<=', sql<Date>`${ctx.date}::date`)
            .orderBy('currency')
            .orderBy('rate_date', 'desc')
            .execute()
        : [];
      const rate = (c: string) => (c === ctx.baseCurrency ? RATE_SCALE : rows.find((r) => r.currency === c) ? parseDecimal(rows.find((r) => r.currency === c)!.rate, 8) : null);
      const from = rate(m.currency);
      const to = rate(currency);
      if (!from || !to) return refuse({ kind: 'rejected', code: 'pricing', detail: `no exchange rate for ${m.currency}` });
      return convert(BigInt(amount), from, to);
    };
    const linesNetSoFar = lines.reduce((s, l) => s + BigInt(l.lineNet), 0n);
    const free = m.free_from != null && linesNetSoFar >= (await toOrder(m.free_from));
    shippingNet = free ? 0n : await toOrder(m.price);
    shippingVatRate = m.vat_rate;
  }

  const totals = computeTotals(currency, lines, shippingNet, shippingVatRate);
  if (input.expectedTotalGross !== undefined && input.expectedTotalGross !== totals.totalGross) return refuse({ kind: 'repriced', totals, lines });

  // Stock (ORD-5): conditional reservations, all or nothing.
  try {
    await reserveStock(trx, lines.map((l) => ({ productId: l.productId, qty: l.qty })));
  } catch (err) {
    if (err instanceof StockShortError) return refuse({ kind: 'rejected', code: 'out_of_stock', short: err.short });
    throw err;
  }

  // Purchasing policy (APR-1) and credit (FIN-2).
  const workflow = await evaluateApproval(trx, { dealerId: dealer.id, userId: input.userId, currency, totalGross: totals.totalGross, productIds: ids, day: ctx.date, baseCurrency: ctx.baseCurrency });
  let creditReview = false;
  if (input.paymentMethod === 'open_account') {
    let open: number;
    try {
      open = await exposure(trx, account, ctx.date, ctx.baseCurrency);
    } catch (err) {
      if (err instanceof CreditError) return refuse({ kind: 'rejected', code: 'pricing', detail: err.message });
      throw err;
    }
    let orderInAccount = BigInt(totals.totalGross);
    if (account.currency !== currency) {
      // The account is kept in another currency than this order: convert the order total.
      const rows = await trx
        .selectFrom('exchange_rates')
        .distinctOn('currency')
        .select(['currency', sql<string>`rate::text`.as('rate')])
        .where('currency', 'in', [account.currency, currency])
        .where('rate_date', '<=', sql<Date>`${ctx.date}::date`)
        .orderBy('currency')
        .orderBy('rate_date', 'desc')
        .execute();
      const rate = (c: string) => (c === ctx.baseCurrency ? RATE_SCALE : rows.find((r) => r.currency === c) ? parseDecimal(rows.find((r) => r.currency === c)!.rate, 8) : null);
      const from = rate(currency);
      const to = rate(account.currency);
      if (!from || !to) return refuse({ kind: 'rejected', code: 'pricing', detail: `no exchange rate for ${account.currency}` });
      orderInAccount = convert(orderInAccount, from, to);
    }
    if (BigInt(open) + orderInAccount > BigInt(account.credit_limit)) {
      if (account.over_limit === 'block') return refuse({ kind: 'rejected', code: 'credit_limit', limit: account.credit_limit, exposure: open, total: Number(orderInAccount), currency: account.currency });
      creditReview = true;
    }
  }

  const next: 'placed' | 'credit_review' | 'awaiting_payment' = creditReview
    ? 'credit_review'
    : account.settlement === 'prepayment' || input.paymentMethod === 'prepayment'
      ? 'awaiting_payment'
      : 'placed';
  const status: OrderStatus = workflow.levels > 0 ? 'awaiting_approval' : next;

  const now = input.at ?? new Date();
  const order = await trx
    .insertInto('orders')
    .values({
      dealer_id: dealer.id,
      user_id: input.userId,
      status,
      idempotency_key: input.idempotencyKey,
      after_approval: workflow.levels > 0 ? next : null,
      cart_name: (input.cartName ?? '').slice(0, 200),
      currency,
      priced_on: ctx.date,
      payment_method: input.paymentMethod,
      installments: input.paymentMethod === 'installments' ? (input.installments ?? null) : null,
      shipping_method_id: input.shippingMethodId ?? null,
      shipping_address: JSON.stringify(snap(ship)),
      billing: JSON.stringify({ company_name: dealer.company_name, trade_name: dealer.trade_name, tax_office: dealer.tax_office, tax_number: dealer.tax_number, address: snap(bill) }),
      requested_date: input.requestedDate ?? null,
      note: (input.note ?? '').slice(0, 2000),
      po_number: (input.poNumber ?? '').slice(0, 100),
      lines_net: totals.linesNet,
      shipping_net: totals.shippingNet,
      vat_total: totals.vatTotal,
      total_gross: totals.totalGross,
      vat_by_rate: JSON.stringify(totals.vatByRate),
      placed_at: status === 'placed' ? now : null,
    })
    .returning(['id', 'number'])
    .executeTakeFirstOrThrow();
  await trx
    .insertInto('order_lines')
    .values(
      lines.map((l, i) => {
        const p = byId.get(l.productId)!;
        return {
          order_id: order.id,
          line_no: i + 1,
          product_id: l.productId,
          sku: p.sku,
          name: p.name,
          unit: p.unit,
          qty: l.qty,
          reserved_qty: l.qty,
          vat_rate: l.vatRate,
          unit_net: l.unitNet,
          unit_gross: l.unitGross,
          list_unit_net: l.listUnitNet,
          line_net: l.lineNet,
          line_gross: l.lineGross,
          breakdown: JSON.stringify(l.breakdown),
        };
      }),
    )
    .execute();
  await trx.insertInto('order_status_history').values({ order_id: order.id, from_status: null, to_status: status, actor: 'user', actor_user_id: input.userId }).execute();
  if (workflow.levels > 0) {
    await trx
      .insertInto('order_approvals')
      .values(Array.from({ length: workflow.levels }, (_, i) => ({ order_id: order.id, level: i + 1, rule_ids: workflow.ruleIds })))
      .execute();
  }
  return { kind: 'created', orderId: order.id, number: order.number, status };
}

/** Order totals from priced lines plus shipping (see the header for the rounding rule). */
export function computeTotals(currency: string, lines: ResolvedPrice[], shippingNet: bigint, shippingVatRate: number): OrderTotals {
  const byRate = new Map<number, { net: bigint; vat: bigint }>();
  let linesNet = 0n;
  let linesGross = 0n;
  for (const l of lines) {
    const net = BigInt(l.lineNet);
    const gross = BigInt(l.lineGross);
    linesNet += net;
    linesGross += gross;
    const r = byRate.get(l.vatRate) ?? { net: 0n, vat: 0n };
    r.net += net;
    r.vat += gross - net;
    byRate.set(l.vatRate, r);
  }
  const shippingVat = shippingNet > 0n ? vatOf(shippingNet, shippingVatRate) : 0n;
  if (shippingNet > 0n) {
    const r = byRate.get(shippingVatRate) ?? { net: 0n, vat: 0n };
    r.net += shippingNet;
    r.vat += shippingVat;
    byRate.set(shippingVatRate, r);
  }
  const vatByRate = [...byRate.entries()].sort((a, b) => a[0] - b[0]).map(([rate, v]) => ({ rate, net: Number(v.net), vat: Number(v.vat) }));
  const vatTotal = vatByRate.reduce((s, v) => s + BigInt(v.vat), 0n);
  return {
    currency,
    linesNet: Number(linesNet),
    linesGross: Number(linesGross),
    shippingNet: Number(shippingNet),
    shippingGross: Number(shippingNet + shippingVat),
    vatTotal: Number(vatTotal),
    totalGross: Number(linesNet + shippingNet + vatTotal),
    vatByRate,
  };
}
