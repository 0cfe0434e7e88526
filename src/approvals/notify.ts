import { sql, type Kysely } from 'kysely';
import { numberFormat } from '../i18n/intl-cache.ts';
import { currencyScale } from '../catalog/staff/decimal.ts';
import type { TenantDb } from '../db/types.ts';
import type { Locale } from '../i18n/define.ts';
import { define, frame, type Brand, type Rendered } from '../notifications/mail-frame.ts';
import { activeDelegates, stepApprovers } from './workflow.ts';

/**
 * APR-3 mails. Every function here writes outbox rows in the caller's transaction, guarded by a
 * conditional UPDATE on the step (notified_at / reminded_at / escalated_at IS NULL), so a step is
 * announced, reminded and escalated at most once however often (or concurrently) it is called.
 * The caller nudges the mail queue after commit (the outbox sweep sends anything missed).
 *
 * `notifyApprovers(trx, orderId, brand)` is what order submission calls right after writing the
 * approval steps; the approvals sweep (jobs.ts) does the same for any step still un-announced.
 */

export interface ApprovalMail {
  name: string;
  number: string;
  orderer: string;
  total: string;
  level: number;
  url: string;
}

const line = (p: ApprovalMail, locale: Locale) =>
  locale === 'tr' ? `Sipariş ${p.number} — ${p.orderer} — ${p.total} — onay seviyesi ${p.level}` : `Order ${p.number} — ${p.orderer} — ${p.total} — approval level ${p.level}`;

const mail = (b: Brand, locale: Locale, title: string, lines: string[], action: { label: string; url: string }): Rendered => ({
  subject: `${b.sellerName}: ${title}`,
  text: `${title}\n\n${lines.join('\n')}\n\n${action.url}`,
  html: frame(b, locale, title, lines, action),
});

export const approvalTemplates = {
  'approval.waiting': define<ApprovalMail>({
    tr: (p, b) => mail(b, 'tr', `Onayınızı bekleyen sipariş: ${p.number}`, [`Merhaba ${p.name},`, 'Aşağıdaki sipariş satın alma politikanız gereği onay bekliyor:', line(p, 'tr'), 'Onaylamak ya da reddetmek için doğrulama uygulamanızdaki kod gerekir.'], { label: 'Onay bekleyenleri aç', url: p.url }),
    en: (p, b) => mail(b, 'en', `Order waiting for your approval: ${p.number}`, [`Hello ${p.name},`, 'This order needs approval under your purchasing policy:', line(p, 'en'), 'Approving or rejecting it needs a code from your authenticator app.'], { label: 'Open approvals', url: p.url }),
  }),
  'approval.reminder': define<ApprovalMail & { hours: number }>({
    tr: (p, b) => mail(b, 'tr', `Hatırlatma: ${p.number} onay bekliyor`, [`Merhaba ${p.name},`, `Bu sipariş ${p.hours} saattir onay bekliyor:`, line(p, 'tr')], { label: 'Onay bekleyenleri aç', url: p.url }),
    en: (p, b) => mail(b, 'en', `Reminder: ${p.number} is waiting for approval`, [`Hello ${p.name},`, `This order has been waiting for approval for ${p.hours} hours:`, line(p, 'en')], { label: 'Open approvals', url: p.url }),
  }),
  'approval.escalated': define<ApprovalMail & { hours: number; approvers: string }>({
    tr: (p, b) =>
      mail(b, 'tr', `Süre aşıldı: ${p.number} hâlâ onaylanmadı`, [`Merhaba ${p.name},`, `Bu sipariş ${p.hours} saatten uzun süredir onay bekliyor:`, line(p, 'tr'), `Onaylayabilecek kişiler: ${p.approvers || '—'}.`, 'Bir onaylayıcıya hatırlatın ya da bir vekil atayın.'], { label: 'Onay bekleyenleri aç', url: p.url }),
    en: (p, b) =>
      mail(b, 'en', `Time limit passed: ${p.number} is still not approved`, [`Hello ${p.name},`, `This order has been waiting for approval for more than ${p.hours} hours:`, line(p, 'en'), `Who can approve it: ${p.approvers || '—'}.`, 'Remind an approver or arrange a delegate.'], { label: 'Open approvals', url: p.url }),
  }),
  'approval.decided': define<ApprovalMail & { outcome: 'approved' | 'rejected' | 'expired'; note: string }>({
    tr: (p, b) =>
      mail(
        b,
        'tr',
        p.outcome === 'approved' ? `Siparişiniz onaylandı: ${p.number}` : p.outcome === 'rejected' ? `Siparişiniz reddedildi: ${p.number}` : `Siparişiniz onay süresi dolduğu için iptal edildi: ${p.number}`,
        [`Merhaba ${p.name},`, line(p, 'tr'), ...(p.outcome === 'approved' ? ['Sipariş satıcıya iletildi.'] : ['Sipariş iptal edildi ve ayrılan stok serbest bırakıldı.']), ...(p.note ? [`Not: ${p.note}`] : [])],
        { label: 'Siparişlerim', url: p.url },
      ),
    en: (p, b) =>
      mail(
        b,
        'en',
        p.outcome === 'approved' ? `Your order was approved: ${p.number}` : p.outcome === 'rejected' ? `Your order was rejected: ${p.number}` : `Your order was cancelled after its approval time limit: ${p.number}`,
        [`Hello ${p.name},`, line(p, 'en'), ...(p.outcome === 'approved' ? ['The order has gone to the seller.'] : ['The order is cancelled and its reserved stock released.']), ...(p.note ? [`Note: ${p.note}`] : [])],
        { label: 'My orders', url: p.url },
      ),
  }),
};

export type ApprovalTemplate = keyof typeof approvalTemplates;

/** Writes one rendered mail into the outbox (same row shape as queueNotification). */
export async function queueApprovalMail<N extends ApprovalTemplate>(
  db: Kysely<TenantDb>,
  brand: Brand,
  input: { template: N; locale: Locale; to: string; payload: Parameters<(typeof approvalTemplates)[N]['tr']>[0] },
): Promise<number> {
  const fn = approvalTemplates[input.template][input.locale] as (p: typeof input.payload, b: Brand) => Rendered;
  const r = fn(input.payload, brand);
  const row = await db
    .insertInto('notifications')
    .values({ template: input.template, locale: input.locale, recipient: input.to, subject: r.subject, body_text: r.text, body_html: r.html, payload: JSON.stringify(input.payload) })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

/** SMS adapter interface for escalations (APR-3). No SMS provider ships; register one with `setSmsSender`. */
export interface SmsSender {
  send(to: string, text: string): Promise<void>;
}
let sms: SmsSender | null = null;
export function setSmsSender(s: SmsSender | null): void {
  sms = s;
}
export function smsSender(): SmsSender | null {
  return sms;
}

export function formatTotal(minor: number, currency: string, locale: Locale): string {
  const scale = currencyScale(currency);
  return numberFormat(locale === 'tr' ? 'tr-TR' : 'en-GB', { style: 'currency', currency, minimumFractionDigits: scale, maximumFractionDigits: scale }).format(minor / 10 ** scale);
}

interface OrderHead {
  id: number;
  number: string;
  dealer_id: number;
  user_id: number | null;
  status: string;
  total_gross: number;
  currency: string;
  orderer_name: string | null;
  orderer_email: string | null;
  orderer_locale: Locale | null;
}

async function orderHead(db: Kysely<TenantDb>, orderId: number): Promise<OrderHead | undefined> {
  return db
    .selectFrom('orders as o')
    .leftJoin('users as u', 'u.id', 'o.user_id')
    .select(['o.id', 'o.number', 'o.dealer_id', 'o.user_id', 'o.status', 'o.total_gross', 'o.currency', 'u.name as orderer_name', 'u.email as orderer_email', 'u.locale as orderer_locale'])
    .where('o.id', '=', orderId)
    .executeTakeFirst() as Promise<OrderHead | undefined>;
}

/** The approvers of a step and their active delegates, minus the orderer: who gets the mails. */
export async function stepRecipients(db: Kysely<TenantDb>, dealerId: number, ruleIds: readonly number[], ordererId: number | null, now: Date, orderId?: number) {
  // Whoever approved another level of this order cannot decide this one: not told either.
  const others = orderId
    ? await db.selectFrom('order_approvals').select(['decided_by', 'on_behalf_of']).where('order_id', '=', orderId).where('status', '=', 'approved').execute()
    : [];
  const excluded = new Set<number>(others.flatMap((o) => [o.decided_by, o.on_behalf_of]).filter((x): x is number => x !== null));
  if (ordererId !== null) excluded.add(ordererId);
  const approvers = (await stepApprovers(db, dealerId, ruleIds)).filter((a) => !excluded.has(a.id));
  const delegates = await activeDelegates(db, dealerId, approvers.map((a) => a.id), now);
  const extraIds = [...delegates.keys()].filter((id) => !excluded.has(id) && !approvers.some((a) => a.id === id));
  const extra = extraIds.length ? await db.selectFrom('users').select(['id', 'name', 'email', 'locale']).where('id', 'in', extraIds).execute() : [];
  return { approvers, all: [...approvers, ...extra] };
}

const approvalsUrl = (brand: Brand, stepId: number) => new URL(`/portal/approvals/${stepId}`, brand.portalUrl).toString();

/**
 * The step of this order waiting for a decision, claimed for announcing: sets notified_at and
 * returns the step only if no one announced it before.
 */
async function claimStep(db: Kysely<TenantDb>, orderId: number, column: 'notified_at' | 'reminded_at' | 'escalated_at', now: Date, olderThan?: Date) {
  let q = db
    .updateTable('order_approvals as a')
    .set({ [column]: now })
    .where('a.order_id', '=', orderId)
    .where('a.status', '=', 'pending')
    .where(`a.${column}`, 'is', null)
    .where((eb) => eb.exists(eb.selectFrom('orders as o').select('o.id').whereRef('o.id', '=', 'a.order_id').where('o.status', '=', 'awaiting_approval')))
    .where((eb) => eb.not(eb.exists(eb.selectFrom('order_approvals as b').select('b.id').whereRef('b.order_id', '=', 'a.order_id').whereRef('b.level', '<', 'a.level').where('b.status', '<>', 'approved'))));
  if (olderThan) q = q.where('a.pending_since', '<=', olderThan);
  return q.returning(['a.id', 'a.level', 'a.rule_ids', 'a.pending_since']).executeTakeFirst();
}

/**
 * Mails the order's waiting step to its approvers (and their delegates), once per `column`:
 * the announcement (`notified_at`) or, once the step has waited `hours`, the reminder.
 */
async function mailApprovers(
  trx: Kysely<TenantDb>,
  orderId: number,
  brand: Brand,
  now: Date,
  kind: { column: 'notified_at'; template: 'approval.waiting' } | { column: 'reminded_at'; template: 'approval.reminder'; hours: number },
): Promise<number[]> {
  const hours = 'hours' in kind ? kind.hours : undefined;
  const step = await claimStep(trx, orderId, kind.column, now, hours === undefined ? undefined : new Date(now.getTime() - hours * 3600_000));
  if (!step) return [];
  const o = (await orderHead(trx, orderId))!;
  const { all } = await stepRecipients(trx, o.dealer_id, step.rule_ids, o.user_id, now, o.id);
  const ids: number[] = [];
  for (const r of all) {
    const payload = { name: r.name, number: o.number, orderer: o.orderer_name ?? '—', total: formatTotal(o.total_gross, o.currency, r.locale), level: step.level, url: approvalsUrl(brand, step.id) };
    ids.push(
      kind.template === 'approval.waiting'
        ? await queueApprovalMail(trx, brand, { template: kind.template, locale: r.locale, to: r.email, payload })
        : await queueApprovalMail(trx, brand, { template: kind.template, locale: r.locale, to: r.email, payload: { ...payload, hours: kind.hours } }),
    );
  }
  return ids;
}

/** Announces the order's waiting step to its approvers (and their delegates), once. Returns the outbox ids. */
export function notifyActiveStep(trx: Kysely<TenantDb>, orderId: number, brand: Brand, now = new Date()): Promise<number[]> {
  return mailApprovers(trx, orderId, brand, now, { column: 'notified_at', template: 'approval.waiting' });
}

/** For order submission: call in its transaction after the approval steps are written. */
export const notifyApprovers = notifyActiveStep;

/** Reminder to the approvers once the step has waited `hours`. */
export function remindStep(trx: Kysely<TenantDb>, orderId: number, brand: Brand, hours: number, now = new Date()): Promise<number[]> {
  return mailApprovers(trx, orderId, brand, now, { column: 'reminded_at', template: 'approval.reminder', hours });
}

/** Escalation to the dealer's admins (users.manage) once the step has waited `hours`; SMS too when an adapter is set. */
export async function escalateStep(trx: Kysely<TenantDb>, orderId: number, brand: Brand, hours: number, now = new Date()): Promise<number[]> {
  const step = await claimStep(trx, orderId, 'escalated_at', now, new Date(now.getTime() - hours * 3600_000));
  if (!step) return [];
  const o = (await orderHead(trx, orderId))!;
  const { approvers } = await stepRecipients(trx, o.dealer_id, step.rule_ids, o.user_id, now, o.id);
  const admins = await trx
    .selectFrom('users')
    .select(['id', 'name', 'email', 'locale'])
    .where('dealer_id', '=', o.dealer_id)
    .where('kind', '=', 'dealer')
    .where('status', '=', 'active')
    .where(sql<boolean>`'users.manage' = any(permissions)`)
    .orderBy('id')
    .execute();
  const ids: number[] = [];
  for (const r of admins) {
    ids.push(
      await queueApprovalMail(trx, brand, {
        template: 'approval.escalated',
        locale: r.locale,
        to: r.email,
        payload: {
          name: r.name,
          number: o.number,
          orderer: o.orderer_name ?? '—',
          total: formatTotal(o.total_gross, o.currency, r.locale),
          level: step.level,
          url: approvalsUrl(brand, step.id),
          hours,
          approvers: approvers.map((a) => a.name).join(', '),
        },
      }),
    );
  }
  const sender = smsSender();
  if (sender) {
    const dealer = await trx.selectFrom('dealers').select('phone').where('id', '=', o.dealer_id).executeTakeFirst();
    if (dealer?.phone) await sender.send(dealer.phone, `${brand.sellerName}: ${o.number} waits for approval > ${hours} h`).catch(() => undefined);
  }
  return ids;
}

/** Tells the orderer how the approval ended. */
export async function notifyOrderer(trx: Kysely<TenantDb>, orderId: number, outcome: 'approved' | 'rejected' | 'expired', brand: Brand, note = ''): Promise<number[]> {
  const o = await orderHead(trx, orderId);
  if (!o?.orderer_email || !o.orderer_locale) return [];
  const locale = o.orderer_locale;
  return [
    await queueApprovalMail(trx, brand, {
      template: 'approval.decided',
      locale,
      to: o.orderer_email,
      payload: { name: o.orderer_name ?? '', number: o.number, orderer: o.orderer_name ?? '—', total: formatTotal(o.total_gross, o.currency, locale), level: 1, url: new URL('/portal/orders', brand.portalUrl).toString(), outcome, note },
    }),
  ];
}
