import { Hono, type Context } from 'hono';
import { DealerPricingPanel, type DealerPricingProps } from '../../views/dealers/staff/dealer-pricing.tsx';
import { audit } from '../auth/audit.ts';
import { requireStaff } from '../auth/middleware.ts';
import { staffCan } from '../auth/permissions.ts';
import { isCurrency } from '../catalog/staff/decimal.ts';
import { inTransaction } from '../catalog/tx.ts';
import type { AppEnv } from '../web/env.ts';
import { renderError } from '../web/errors.tsx';
import { page } from '../web/page.tsx';
import { idParam, parseId } from '../web/params.ts';
import { render } from '../web/render.ts';
import { pricingSettings } from './context.ts';
import { dealerPricingMessages } from './list-messages.ts';
import { hasRate } from './lists.ts';
import { listSegments } from './segments.ts';

/**
 * The pricing panel of the staff dealer page (PRC-1/PRC-2): the dealer's segment and invoice
 * currency (empty = the seller's base currency). Whoever may open the dealer sees it; editing needs
 * prices.manage. A currency without any exchange rate yet is saved with a warning. Mounted by
 * src/dealers/staff-routes.tsx at /staff/dealers before the dealer pages.
 */
export const dealerPricingRoutes = new Hono<AppEnv>();
dealerPricingRoutes.use('/:id{[0-9]+}/pricing', requireStaff('dealers.read', 'dealers.read_own', 'dealers.manage', 'prices.manage'));

type C = Context<AppEnv>;

async function loadDealer(c: C) {
  const id = idParam(c);
  if (id === null) return undefined;
  const u = c.var.user!;
  let q = c.var.db
    .selectFrom('dealers as d')
    .leftJoin('dealer_segments as s', 's.id', 'd.segment_id')
    .select(['d.id', 'd.code', 'd.company_name', 'd.segment_id', 's.name as segment_name', 'd.invoice_currency'])
    .where('d.id', '=', id);
  // A sales rep without dealers.read sees only the dealers assigned to them (as on the dealer page).
  if (!['dealers.read', 'dealers.manage', 'prices.manage'].some((p) => staffCan(u, p as never))) q = q.where('d.sales_rep_id', '=', u.id);
  return q.executeTakeFirst();
}

type Dealer = NonNullable<Awaited<ReturnType<typeof loadDealer>>>;

async function panel(c: C, d: Dealer, extra: Partial<DealerPricingProps> = {}, status: 200 | 422 = 200) {
  const [settings, segments] = await Promise.all([pricingSettings(c.var.db, c.var.tenant.id), listSegments(c.var.db)]);
  const props: DealerPricingProps = {
    locale: c.var.locale,
    dealerId: d.id,
    segmentId: d.segment_id,
    segmentName: d.segment_name,
    currency: d.invoice_currency,
    baseCurrency: settings.baseCurrency,
    segments: segments.map((s) => ({ id: s.id, name: s.name })),
    canEdit: staffCan(c.var.user!, 'prices.manage'),
    ...extra,
  };
  const m = dealerPricingMessages[c.var.locale];
  return render(
    c,
    <DealerPricingPanel {...props} />,
    (f) =>
      page(
        c,
        `${d.code} · ${m.title}`,
        <div class="stack">
          <p>
            <a href={`/staff/dealers/${d.id}`}>← {m.back}</a>
          </p>
          <h1>
            <span class="mono">{d.code}</span> · {d.company_name}
          </h1>
          {f}
        </div>,
        { nav: 'staff' },
      ),
    status,
  );
}

dealerPricingRoutes.get('/:id{[0-9]+}/pricing', async (c) => {
  const d = await loadDealer(c);
  if (!d) return renderError(c, 404);
  return panel(c, d);
});

dealerPricingRoutes.post('/:id{[0-9]+}/pricing', async (c) => {
  if (!staffCan(c.var.user!, 'prices.manage')) return renderError(c, 403);
  const d = await loadDealer(c);
  if (!d) return renderError(c, 404);
  const m = dealerPricingMessages[c.var.locale];
  const body = await c.req.parseBody();
  const values = {
    segment_id: typeof body.segment_id === 'string' ? body.segment_id.trim().slice(0, 20) : '',
    currency: typeof body.invoice_currency === 'string' ? body.invoice_currency.trim().toUpperCase().slice(0, 10) : '',
  };
  const errors: { segment_id?: string; currency?: string } = {};
  let segmentId: number | null = null;
  if (values.segment_id) {
    const sid = parseId(values.segment_id);
    const seg = sid ? await c.var.db.selectFrom('dealer_segments').select('id').where('id', '=', sid).executeTakeFirst() : undefined;
    if (seg) segmentId = seg.id;
    else errors.segment_id = m.err_segment;
  }
  if (values.currency && !isCurrency(values.currency)) errors.currency = m.err_currency;
  if (errors.segment_id || errors.currency) return panel(c, d, { values, errors }, 422);
  const settings = await pricingSettings(c.var.db, c.var.tenant.id);
  // The base currency is stored as "none", so a later change of the base currency follows through.
  const currency = values.currency && values.currency !== settings.baseCurrency ? values.currency : null;
  await inTransaction(c.var.db, async (trx) => {
    await trx.updateTable('dealers').set({ segment_id: segmentId, invoice_currency: currency }).where('id', '=', d.id).execute();
    await audit(
      c,
      {
        action: 'dealer.pricing_changed',
        dealerId: d.id,
        targetType: 'dealer',
        targetId: d.id,
        details: { before: { segmentId: d.segment_id, invoiceCurrency: d.invoice_currency }, after: { segmentId, invoiceCurrency: currency } },
      },
      trx,
    );
  });
  const fresh = (await loadDealer(c))!;
  const noRate = currency && !(await hasRate(c.var.db, currency, settings.baseCurrency)) ? m.noRate(currency) : undefined;
  return panel(c, fresh, { noRate, saved: true });
});
