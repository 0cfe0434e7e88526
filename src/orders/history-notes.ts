import { defineMessages, type Locale } from '../i18n/define.ts';

/**
 * ORD-10: order history notes in the reader's language. A history row's `note` is either text a
 * person typed (a withdrawal or cancel reason, a staff remark) or one of the notes the system
 * writes. System notes are written in one canonical (English, parseable) form by the functions
 * below and by the approval / desk code, and rendered with `noteText(note, locale)`: a note that
 * matches a known form is shown from the TR/EN catalog, anything else (what people typed) is shown
 * as it was written, never lost.
 *
 * Line-change notes: `<kind>[/<flag>]: <SKU a→b, …>[ — free text]`
 *   kind  lines  the seller edited lines on the order desk (ORD-6)
 *         qty    the dealer changed quantities on the order page (ORD-8)
 *   flag  approval       the change sent the order back for the dealer's approval (APR-1)
 *         steps_reset    the order was waiting for approval; its steps restarted for the new figures
 *         credit_review  the raised total is over the credit limit; seller finance reviews (FIN-2)
 * The dealer change's older form `SKU: a → b, …` is still read.
 */

export type ChangeKind = 'lines' | 'qty';
export type ChangeFlag = 'approval' | 'steps_reset' | 'credit_review';
export interface LineChange {
  sku: string;
  from: number;
  to: number;
}

export function changeNote(kind: ChangeKind, changes: readonly LineChange[], opts: { flags?: readonly ChangeFlag[]; text?: string } = {}): string {
  const flags = opts.flags?.length ? `/${opts.flags.join('/')}` : '';
  const list = changes.map((c) => `${c.sku} ${c.from}→${c.to}`).join(', ');
  const text = opts.text?.trim() ? ` — ${opts.text.trim()}` : '';
  return `${kind}${flags}: ${list}${text}`.slice(0, 1000);
}

export type ParsedNote =
  | { code: 'change'; kind: ChangeKind; flags: ChangeFlag[]; changes: string; text: string }
  | { code: 'approved' | 'approval_rejected' | 'approval_withdrawn'; level: number }
  | { code: 'approval_expired' | 'payment_received' | 'credit_approved' | 'credit_rejected' | 'invoiced' | 'rejected_by_approver' | 'picking_started' }
  | { code: 'not_approved_within'; hours: number }
  | { code: 'text'; text: string };

const FLAGS: readonly string[] = ['approval', 'steps_reset', 'credit_review'];
const CHANGE = /^(lines|qty)((?:\/[a-z_]+)*): ((?:[^,]+? \d+→\d+)(?:, [^,]+? \d+→\d+)*)(?: — ([\s\S]*))?$/;
const LEGACY_QTY = /^(?:[^,]+?: \d+ → \d+)(?:, [^,]+?: \d+ → \d+)*$/;

export function parseNote(note: string): ParsedNote {
  const n = note.trim();
  const ch = CHANGE.exec(n);
  if (ch) {
    const flags = ch[2]!.split('/').filter(Boolean);
    if (flags.every((f) => FLAGS.includes(f))) return { code: 'change', kind: ch[1] as ChangeKind, flags: flags as ChangeFlag[], changes: ch[3]!, text: ch[4] ?? '' };
  }
  if (LEGACY_QTY.test(n)) return { code: 'change', kind: 'qty', flags: [], changes: n.replace(/: (\d+) → (\d+)/g, ' $1→$2'), text: '' };
  let m = /^approved \(level (\d)\)$/.exec(n);
  if (m) return { code: 'approved', level: Number(m[1]) };
  m = /^approval level (\d) (rejected|withdrawn)$/.exec(n);
  if (m) return { code: m[2] === 'rejected' ? 'approval_rejected' : 'approval_withdrawn', level: Number(m[1]) };
  if (/^pick #\d+$/.test(n)) return { code: 'picking_started' };
  m = /^Not approved within (\d+) hours$/.exec(n);
  if (m) return { code: 'not_approved_within', hours: Number(m[1]) };
  const fixed: Record<string, ParsedNote['code']> = {
    'approval time limit passed': 'approval_expired',
    'payment received': 'payment_received',
    'credit approved': 'credit_approved',
    'credit rejected': 'credit_rejected',
    invoiced: 'invoiced',
    'rejected by approver': 'rejected_by_approver',
  };
  if (fixed[n]) return { code: fixed[n] } as ParsedNote;
  return { code: 'text', text: note };
}

export const historyNoteMessages = defineMessages({
  tr: {
    change_lines: (list: string) => `Satıcı satırları değiştirdi: ${list}`,
    change_qty: (list: string) => `Miktarlar değiştirildi: ${list}`,
    flag_approval_lines: 'satıcı değişikliği; toplam arttığı için bayinin satın alma politikası gereği yeniden onay gerekiyor',
    flag_approval_qty: 'satın alma politikası gereği yeniden onay gerekiyor',
    flag_steps_reset: 'onay adımları yeni tutara göre yeniden başladı',
    flag_credit_review: 'yeni toplam kredi limitini aşıyor; sipariş satıcının finans ekibinin onayını bekliyor',
    approved: (level: number) => `Onaylandı (seviye ${level})`,
    approval_rejected: (level: number) => `Onay seviyesi ${level} reddetti`,
    approval_withdrawn: (level: number) => `Seviye ${level} onayı geri alındı`,
    approval_expired: 'Onay süresi doldu',
    not_approved_within: (hours: number) => `${hours} saat içinde onaylanmadı`,
    rejected_by_approver: 'Onaylayıcı reddetti',
    payment_received: 'Ödeme alındı',
    credit_approved: 'Kredi onaylandı',
    credit_rejected: 'Kredi reddedildi',
    invoiced: 'Faturalandı',
    picking_started: 'Depoda toplama başladı',
  },
  en: {
    change_lines: (list: string) => `The seller changed lines: ${list}`,
    change_qty: (list: string) => `Quantities changed: ${list}`,
    flag_approval_lines: 'seller change; the total went up, so the dealer’s purchasing policy requires approval again',
    flag_approval_qty: 'approval needed again under the purchasing policy',
    flag_steps_reset: 'approval steps restarted for the new total',
    flag_credit_review: 'the new total is over the credit limit; the order waits for the seller’s finance team',
    approved: (level: number) => `Approved (level ${level})`,
    approval_rejected: (level: number) => `Rejected at approval level ${level}`,
    approval_withdrawn: (level: number) => `Level ${level} approval withdrawn`,
    approval_expired: 'Approval time limit passed',
    not_approved_within: (hours: number) => `Not approved within ${hours} hours`,
    rejected_by_approver: 'Rejected by the approver',
    payment_received: 'Payment received',
    credit_approved: 'Credit approved',
    credit_rejected: 'Credit rejected',
    invoiced: 'Invoiced',
    picking_started: 'Picking started in the warehouse',
  },
});

/** The note in the reader's language; text people typed comes back unchanged. */
export function noteText(note: string, locale: Locale): string {
  if (!note) return '';
  const m = historyNoteMessages[locale];
  const p = parseNote(note);
  switch (p.code) {
    case 'change': {
      const parts = [p.kind === 'lines' ? m.change_lines(p.changes) : m.change_qty(p.changes)];
      for (const f of p.flags) parts.push(f === 'approval' ? (p.kind === 'lines' ? m.flag_approval_lines : m.flag_approval_qty) : f === 'steps_reset' ? m.flag_steps_reset : m.flag_credit_review);
      if (p.text) parts.push(p.text);
      return parts.join(' — ');
    }
    case 'approved':
    case 'approval_rejected':
    case 'approval_withdrawn':
      return m[p.code](p.level);
    case 'not_approved_within':
      return m.not_approved_within(p.hours);
    case 'text':
      return p.text;
    default:
      return m[p.code];
  }
}
