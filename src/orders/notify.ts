import type { Kysely } from 'kysely';
import type { OrderStatus, TenantDb } from '../db/types.ts';
import type { Locale } from '../i18n/define.ts';
import { frame, type Brand } from '../notifications/mail-frame.ts';
import { orderMailMessages, STATUS_LABELS } from './staff-messages.ts';

/**
 * ORD-7: dealer notifications on order changes. Outbox rows (table notifications) are written in
 * the caller's transaction, so a mail exists exactly when the change it reports does; the outbox
 * sweep (or `nudgeNotifications` after commit) sends them.
 *
 * Recipients: the dealer user who placed the order and every active dealer admin of the dealer,
 * once each, each in their own language; seller branding from `brand` and a link to
 * /portal/orders/:id.
 */

export const STATUS_TEMPLATE = 'order.status';
export const CHANGED_TEMPLATE = 'order.changed';

async function recipients(trx: Kysely<TenantDb>, orderId: number) {
  const order = await trx.selectFrom('orders').select(['id', 'number', 'dealer_id', 'user_id', 'currency', 'total_gross']).where('id', '=', orderId).executeTakeFirst();
  if (!order) return null;
  const users = await trx
    .selectFrom('users')
    .select(['id', 'email', 'name', 'locale'])
    .where('kind', '=', 'dealer')
    .where('dealer_id', '=', order.dealer_id)
    .where('status', '=', 'active')
    .where((eb) => eb.or([eb('id', '=', order.user_id ?? -1), eb('role', '=', 'dealer_admin')]))
    .orderBy('id')
    .execute();
  const seen = new Set<string>();
  const to = users.filter((u) => {
    const k = u.email.toLowerCase();
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
  return { order, to };
}

const money = (locale: Locale, minor: number, currency: string) => new Intl.NumberFormat(locale === 'tr' ? 'tr-TR' : 'en-GB', { style: 'currency', currency }).format(minor / 100);

const orderUrl = (brand: Brand, id: number) => `${brand.portalUrl}portal/orders/${id}`;

async function insert(trx: Kysely<TenantDb>, template: string, locale: Locale, to: string, subject: string, text: string, html: string, payload: Record<string, unknown>): Promise<number> {
  const row = await trx
    .insertInto('notifications')
    .values({ template, locale, recipient: to, subject, body_text: text, body_html: html, payload: JSON.stringify(payload) })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

/** One mail per recipient about a status change; returns the notification ids. */
export async function notifyOrderStatus(trx: Kysely<TenantDb>, orderId: number, from: OrderStatus | null, to: OrderStatus, brand: Brand, opts: { reason?: string | undefined } = {}): Promise<number[]> {
  const r = await recipients(trx, orderId);
  if (!r) return [];
  const ids: number[] = [];
  const url = orderUrl(brand, orderId);
  // The confirmation mail carries the order summary (first 30 lines).
  const summary =
    to === 'confirmed' && r.to.length
      ? await trx.selectFrom('order_lines').select(['sku', 'name', 'qty', 'unit', 'line_gross']).where('order_id', '=', orderId).orderBy('line_no').limit(31).execute()
      : [];
  for (const u of r.to) {
    const m = orderMailMessages[u.locale];
    const s = STATUS_LABELS[u.locale];
    const title = m.statusTitle(s[to]);
    const lines = [
      m.hello(u.name),
      m.statusLine(r.order.number, from ? s[from] : '—', s[to]),
      ...(opts.reason ? [m.reason(opts.reason)] : []),
      ...summary.slice(0, 30).map((l) => `${l.sku} — ${l.name} × ${l.qty} ${l.unit}: ${money(u.locale, l.line_gross, r.order.currency)}`),
      ...(summary.length > 30 ? ['…'] : []),
      m.total(money(u.locale, r.order.total_gross, r.order.currency)),
    ];
    const subject = `${brand.sellerName}: ${m.statusSubject(r.order.number, s[to])}`;
    ids.push(await insert(trx, STATUS_TEMPLATE, u.locale, u.email, subject, `${title}\n\n${lines.join('\n')}\n\n${url}`, frame(brand, u.locale, title, lines, { label: m.open, url }), { orderId, number: r.order.number, from, to }));
  }
  return ids;
}

/** One mail per recipient about line changes made by the seller (ORD-6). */
export async function notifyOrderChanged(
  trx: Kysely<TenantDb>,
  orderId: number,
  change: { changes: Array<{ sku: string; name: string; from: number; to: number }>; totalGross: { from: number; to: number } },
  brand: Brand,
): Promise<number[]> {
  const r = await recipients(trx, orderId);
  if (!r) return [];
  const ids: number[] = [];
  const url = orderUrl(brand, orderId);
  for (const u of r.to) {
    const m = orderMailMessages[u.locale];
    const title = m.changedTitle;
    const lines = [
      m.hello(u.name),
      m.changedLine(r.order.number),
      ...change.changes.map((c) => `${c.sku} — ${c.name}: ${c.from} → ${c.to === 0 ? m.removed : c.to}`),
      m.totalChange(money(u.locale, change.totalGross.from, r.order.currency), money(u.locale, change.totalGross.to, r.order.currency)),
    ];
    const subject = `${brand.sellerName}: ${m.changedSubject(r.order.number)}`;
    ids.push(await insert(trx, CHANGED_TEMPLATE, u.locale, u.email, subject, `${title}\n\n${lines.join('\n')}\n\n${url}`, frame(brand, u.locale, title, lines, { label: m.open, url }), { orderId, number: r.order.number, changes: change.changes }));
  }
  return ids;
}
