import type { Locale } from '../../src/i18n/define.ts';
import { stockMessages } from '../../src/stock/messages.ts';
import type { Availability } from '../../src/db/types.ts';

export const STOCK_PORTAL_PATH = '/portal/stock';

export interface BackInStockProps {
  productId: number;
  subscribed: boolean;
  locale: Locale;
  /** When given and 'in_stock', nothing is rendered: there is nothing to wait for. */
  availability?: Availability;
  /** Staff acting for a dealer (IAM-11): they are not the dealer user, so no subscription. */
  actingStaff?: boolean;
  /** A one-line outcome after a click (role=status) or a refusal (role=alert). */
  note?: { kind: 'ok' | 'error'; text: string };
}

/**
 * CAT-7 "tell me when it is back" on the dealer product page. A plain POST form that works
 * without JS; with htmx it swaps itself. Usage on the product page:
 *   <BackInStockButton productId={p.id} availability={p.availability} locale={c.var.locale}
 *     subscribed={user.kind === 'dealer' && await isSubscribed(db, p.id, user.id)} actingStaff={user.kind === 'staff'} />
 */
export function BackInStockButton(p: BackInStockProps) {
  if (p.availability === 'in_stock' && !p.note) return null;
  const t = stockMessages[p.locale];
  const id = `back-in-stock-${p.productId}`;
  const note = p.note ? (
    <p class={p.note.kind === 'error' ? 'field__error' : 'muted'} role={p.note.kind === 'error' ? 'alert' : 'status'}>
      {p.note.text}
    </p>
  ) : null;
  if (p.actingStaff) {
    return (
      <div id={id} class="back-in-stock">
        <p class="muted">{t.backInStockStaff}</p>
      </div>
    );
  }
  const action = `${STOCK_PORTAL_PATH}/subscriptions/${p.productId}${p.subscribed ? '/delete' : ''}`;
  return (
    <form id={id} class="back-in-stock" method="post" action={action} hx-post={action} hx-target={`#${id}`} hx-swap="outerHTML">
      {p.subscribed ? (
        <>
          <p class="back-in-stock__state">{t.backInStockSubscribed}</p>
          <button type="submit" class="btn btn--link">
            {t.backInStockUnsubscribe}
          </button>
        </>
      ) : (
        <button type="submit" class="btn btn--secondary">
          {t.backInStockSubscribe}
        </button>
      )}
      {note}
    </form>
  );
}
