import type { Kysely } from 'kysely';
import { latestRates } from '../pricing/rates.ts';
import type { OrderStatus, PaymentMethod, TenantDb } from '../db/types.ts';
import { jsonArrayFrom, jsonObjectFrom } from 'kysely/helpers/postgres';
import { approvalRulesQuery, evaluateApproval } from '../approvals/rules.ts';
import { CreditError, exposure, lockAccount } from '../finance/credit.ts';
import { dealerPricingOf, priceForDealer, pricingSettings } from '../pricing/context.ts';
import { convert, divRound } from '../pricing/money.ts';
import { PricingError, type ResolvedPrice } from '../pricing/resolve.ts';
import { reserveStock, StockShortError } from '../stock/stock.ts';

/**
 * ORD-5: order submission.
 *  1. Without locks, in parallel: the dealer and its pricing context, the products, addresses,
 *     terms and shipping method. The lines are checked (visible, active, minimum quantity, order
 *     multiple), the payment method must be allowed, every line is re-priced with the one price
 *     rule (PRC-6) — when the total differs from what the buyer last saw, nothing is written and
 *     the new figures are returned to be confirmed again — and the purchasing policy (APR-1) is
 *     evaluated.
 *  2. One transaction: the dealer's account row lock (FIN-2; every submission of a dealer queues
 *     here, so the idempotency check and the credit check see every earlier order of the
 *     dealer); the first order is returned when the idempotency key was used before (double
 *     click, retry); stock is reserved (rows locked in id order, never more than available,
 *     backorder products excepted); the credit limit is checked (block, or send to the seller's
 *     finance for review, per dealer account); the order, its lines with the price breakdown
 *     frozen, the status history and the approval steps are written.
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
  /**
   * Runs inside the order's transaction once the order is written (not for duplicates or
   * refusals): the caller's rows that must exist exactly when the order does — the outbox mails,
   * emptying the cart (DESIGN: work that must happen is written in the business transaction).
   */
  onCreated?: (trx: Kysely<TenantDb>, order: { id: number; number: string; status: OrderStatus }) => Promise<void>;
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


const byKey = (db: Kysely<TenantDb>, dealerId: number, key: string) =>
  db.selectFrom('orders').select(['id', 'number', 'status']).where('dealer_id', '=', dealerId).where('idempotency_key', '=', key).executeTakeFirst();

/**
 * Reads and prices happen before the transaction, in parallel over the pool (a transaction is one
 * connection, so its statements run one after another); the transaction then holds the dealer's
 * account lock only for the idempotency check, the reservations, the credit check and the writes
 * — about ten statements. Prices read a moment before the lock are what the buyer confirmed
 * (`expectedTotalGross`), exactly as if read inside: nothing in pricing is locked either way.
 */
export async function submitOrder(db: Kysely<TenantDb>, rawInput: SubmitInput): Promise<SubmitResult> {
  const input = { ...rawInput, idempotencyKey: rawInput.idempotencyKey.trim() };
  if (!input.idempotencyKey || input.idempotencyKey.length > 100) throw new Error('idempotency key required (1–100 characters)');
  // The locked check inside the transaction decides; this early one only serves a retry whose
  // cart was already emptied by the first success (no items left to price).
  if (input.items.length === 0) {
    const prior = await byKey(db, input.dealerId, input.idempotencyKey);
    if (prior) return { kind: 'duplicate', orderId: prior.id, number: prior.number, status: prior.status };
  }

  // Lines: merge repeats.
  const qtyById = new Map<number, number>();
  for (const it of input.items) {
    if (!Number.isSafeInteger(it.productId) || !Number.isSafeInteger(it.qty) || it.qty < 1 || it.qty > 1_000_000) return { kind: 'rejected', code: 'lines', problems: [{ productId: it.productId, code: 'not_found' }] };
    qtyById.set(it.productId, (qtyById.get(it.productId) ?? 0) + it.qty);
  }
  if (qtyById.size === 0) return { kind: 'rejected', code: 'empty' };
  if (qtyById.size > MAX_LINES) return { kind: 'rejected', code: 'lines' };
  const ids = [...qtyById.keys()];

  // Phase A: everything that needs no lock, in one statement (each round trip costs ~0.4 ms of
  // CPU on both sides: the dealer with its addresses, terms, the chosen shipping method, the
  // purchasing-policy rules, the orderer's role and the products), then the prices.
  const head = await db
    .selectNoFrom((eb) => [
      jsonObjectFrom(eb.selectFrom('dealers').select(['id', 'status', 'company_name', 'trade_name', 'tax_office', 'tax_number', 'segment_id', 'invoice_currency']).where('id', '=', input.dealerId)).as('dealer'),
      jsonArrayFrom(
        eb
          .selectFrom('addresses')
          .select(['id', 'kind', 'label', 'line1', 'line2', 'district', 'city', 'postal_code', 'country', 'phone', 'is_default'])
          .where('dealer_id', '=', input.dealerId)
          .orderBy('is_default', 'desc')
          .orderBy('id'),
      ).as('addresses'),
      eb.selectFrom('dealer_accounts').select('payment_methods').where('dealer_id', '=', input.dealerId).as('payment_methods'),
      jsonObjectFrom(
        eb
          .selectFrom('shipping_methods')
          .select(['id', 'currency', 'price', 'free_from', 'vat_rate'])
          .where('id', '=', input.shippingMethodId ?? 0)
          .where('active', '=', true),
      ).as('method'),
      jsonArrayFrom(approvalRulesQuery(db, input.dealerId)).as('rules'),
      eb.selectFrom('users').select('role').where('id', '=', input.userId).where('dealer_id', '=', input.dealerId).as('role'),
      jsonArrayFrom(
        eb
          .selectFrom('products as p')
          .leftJoin('products as parent', 'parent.id', 'p.parent_id')
          .select(['p.id', 'p.sku', 'p.name', 'p.unit', 'p.min_order_qty', 'p.order_multiple', 'p.active', 'p.hidden', 'p.availability', 'p.out_of_stock_behaviour', 'parent.active as parent_active', 'parent.hidden as parent_hidden'])
          .where('p.id', 'in', ids),
      ).as('products'),
    ])
    .executeTakeFirstOrThrow();
  const dealer = head.dealer;
  const addresses = head.addresses;
  const accountRow = head.payment_methods ? { payment_methods: head.payment_methods } : undefined;
  const method = input.shippingMethodId != null ? head.method : null;
  const products = head.products;
  const ctx = dealer ? dealerPricingOf(dealer, await pricingSettings(db, input.tenantId), input.timeZone, input.at) : null;
  if (!ctx || !dealer || dealer.status !== 'active') return { kind: 'rejected', code: 'dealer' };

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
  if (problems.length) return { kind: 'rejected', code: 'lines', problems };

  // Payment method (FIN-4): only what this dealer is allowed (a dealer without terms: open account).
  const allowed = (accountRow?.payment_methods ?? ['open_account']) as PaymentMethod[];
  if (!allowed.includes(input.paymentMethod)) return { kind: 'rejected', code: 'payment_method' };

  // Addresses: the chosen delivery address of this dealer (else its default), billing snapshot.
  const ship = input.shippingAddressId != null ? addresses.find((a) => a.id === input.shippingAddressId && a.kind === 'shipping') : (addresses.find((a) => a.kind === 'shipping') ?? addresses.find((a) => a.kind === 'billing'));
  if (!ship) return { kind: 'rejected', code: 'address' };
  const bill = addresses.find((a) => a.kind === 'billing') ?? ship;
  const snap = (a: typeof ship) => ({ id: a.id, label: a.label, line1: a.line1, line2: a.line2, district: a.district, city: a.city, postal_code: a.postal_code, country: a.country, phone: a.phone });
  if (input.shippingMethodId != null && !method) return { kind: 'rejected', code: 'shipping_method' };

  // Prices (PRC-6).
  let prices: Map<number, ResolvedPrice>;
  try {
    prices = await priceForDealer(db, ctx, ids.map((id) => ({ productId: id, qty: qtyById.get(id)! })), { paymentMethod: input.paymentMethod, installments: input.installments });
  } catch (err) {
    if (err instanceof PricingError) return { kind: 'rejected', code: err.code === 'payment_method_unavailable' ? 'payment_method' : 'pricing', detail: err.message };
    throw err;
  }
  const lines = ids.map((id) => prices.get(id)!);
  const currency = ctx.currency;

  // Shipping (ORD-4): the method's price in the order currency, free from the threshold (lines net).
  let shippingNet = 0n;
  let shippingVatRate = 0;
  if (method) {
    let toOrder = (amount: number): bigint | null => BigInt(amount);
    if (method.currency !== currency) {
      const rate = await latestRates(db, [method.currency, currency], ctx.date, ctx.baseCurrency);
      const from = rate(method.currency);
      const to = rate(currency);
      toOrder = (amount) => (from && to ? convert(BigInt(amount), from, to) : null);
    }
    const price = toOrder(method.price);
    const freeFrom = method.free_from != null ? toOrder(method.free_from) : null;
    if (price === null || (method.free_from != null && freeFrom === null)) return { kind: 'rejected', code: 'pricing', detail: `no exchange rate for ${method.currency}` };
    const linesNet = lines.reduce((sum, l) => sum + BigInt(l.lineNet), 0n);
    shippingNet = freeFrom !== null && linesNet >= freeFrom ? 0n : price;
    shippingVatRate = method.vat_rate;
  }

  const totals = computeTotals(currency, lines, shippingNet, shippingVatRate);
  if (input.expectedTotalGross !== undefined && input.expectedTotalGross !== totals.totalGross) return { kind: 'repriced', totals, lines };
  const workflow = await evaluateApproval(db, { dealerId: dealer.id, userId: input.userId, currency, totalGross: totals.totalGross, productIds: ids, day: ctx.date, baseCurrency: ctx.baseCurrency }, { rules: head.rules, role: head.role });

  // Phase B: the locked part.
  try {
    return await db.transaction().execute(async (trx) => {
      const refuse = (r: SubmitResult): never => {
        throw new Refusal(r);
      };
      const account = await lockAccount(trx, dealer.id, ctx.currency);
      const existing = await byKey(trx, dealer.id, input.idempotencyKey);
      if (existing) return { kind: 'duplicate' as const, orderId: existing.id, number: existing.number, status: existing.status };
      if (!account.payment_methods.includes(input.paymentMethod)) refuse({ kind: 'rejected', code: 'payment_method' });

      // Stock (ORD-5): conditional reservations, all or nothing.
      try {
        await reserveStock(trx, lines.map((l) => ({ productId: l.productId, qty: l.qty })));
      } catch (err) {
        if (err instanceof StockShortError) refuse({ kind: 'rejected', code: 'out_of_stock', short: err.short });
        throw err;
      }

      // Credit (FIN-2), only for orders on account.
      let creditReview = false;
      if (input.paymentMethod === 'open_account') {
        let open = 0;
        try {
          open = await exposure(trx, account, ctx.date, ctx.baseCurrency);
        } catch (err) {
          if (err instanceof CreditError) refuse({ kind: 'rejected', code: 'pricing', detail: err.message });
          throw err;
        }
        let orderInAccount = BigInt(totals.totalGross);
        if (account.currency !== currency) {
          const rate = await latestRates(trx, [account.currency, currency], ctx.date, ctx.baseCurrency);
          const from = rate(currency);
          const to = rate(account.currency);
          if (!from || !to) refuse({ kind: 'rejected', code: 'pricing', detail: `no exchange rate for ${account.currency}` });
          orderInAccount = convert(orderInAccount, from!, to!);
        }
        if (BigInt(open) + orderInAccount > BigInt(account.credit_limit)) {
          if (account.over_limit === 'block') refuse({ kind: 'rejected', code: 'credit_limit', limit: account.credit_limit, exposure: open, total: Number(orderInAccount), currency: account.currency });
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
      if (input.onCreated) await input.onCreated(trx, { id: order.id, number: order.number, status });
      return { kind: 'created' as const, orderId: order.id, number: order.number, status };
    });
  } catch (err) {
    if (err instanceof Refusal) return err.result;
    throw err;
  }
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
