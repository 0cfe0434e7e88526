import { Hono, type Context } from 'hono';
import { DealerMatches, SegmentDealers, SegmentDeleteConfirm, SegmentDetailPage, SegmentsPage, SEGMENTS, type SegmentForm } from '../../views/pricing/segments.tsx';
import { audit } from '../auth/audit.ts';
import { requireStaff } from '../auth/middleware.ts';
import { inTransaction } from '../catalog/tx.ts';
import type { AppEnv } from '../web/env.ts';
import { renderError } from '../web/errors.tsx';
import { setFlash } from '../web/flash.ts';
import { page } from '../web/page.tsx';
import { idParam, parseId } from '../web/params.ts';
import { wantsFragment } from '../web/render.ts';
import { segmentMessages } from './list-messages.ts';
import {
  createSegment,
  deleteSegment,
  findDealerBrief,
  findSegment,
  listSegmentDealers,
  listSegments,
  searchDealers,
  segmentUsage,
  segmentValues,
  setDealerSegment,
  updateSegment,
} from './segments.ts';

/**
 * /staff/segments (PRC-1): dealer segments — list with dealer counts, create, rename, delete
 * (dealers fall back to no segment, after a confirmation page), and assigning dealers (search by
 * code or name; htmx swaps the dealer list). prices.manage only; every change is audited.
 */
export const segmentRoutes = new Hono<AppEnv>();
segmentRoutes.use('*', requireStaff('prices.manage'));

type C = Context<AppEnv>;
const blank: SegmentForm = { values: { code: '', name: '' }, errors: {} };

async function showIndex(c: C, form: SegmentForm = blank, status: 200 | 422 = 200) {
  const m = segmentMessages[c.var.locale];
  const rows = await listSegments(c.var.db);
  return c.html(page(c, m.title, <SegmentsPage locale={c.var.locale} rows={rows} form={form} />, { nav: 'staff' }), status);
}

segmentRoutes.get('/', (c) => showIndex(c));

segmentRoutes.post('/', async (c) => {
  const m = segmentMessages[c.var.locale];
  const values = segmentValues(await c.req.parseBody());
  const res = await inTransaction(c.var.db, async (trx) => {
    const r = await createSegment(trx, values);
    if (r.ok) await audit(c, { action: 'segment.created', targetType: 'dealer_segment', targetId: r.id, details: { ...values } }, trx);
    return r;
  });
  if (!res.ok) return showIndex(c, { values, errors: res.errors }, 422);
  await setFlash(c, { kind: 'success', message: m.created(values.name) });
  return c.redirect(`${SEGMENTS}/${res.id}`, 303);
});

async function showDetail(c: C, id: number | null, opts: { form?: SegmentForm; status?: 200 | 422; deleteError?: string } = {}) {
  const seg = id === null ? undefined : await findSegment(c.var.db, id);
  if (!seg) return renderError(c, 404);
  const q = (c.req.query('q') ?? '').trim().slice(0, 100);
  const [{ rows, more }, matches] = await Promise.all([listSegmentDealers(c.var.db, seg.id), searchDealers(c.var.db, q, seg.id)]);
  const body = (
    <SegmentDetailPage
      locale={c.var.locale}
      segment={seg}
      form={opts.form ?? { values: { code: seg.code, name: seg.name }, errors: {} }}
      dealers={rows}
      more={more}
      q={q}
      matches={matches}
      deleteError={opts.deleteError}
    />
  );
  return c.html(page(c, seg.name, body, { nav: 'staff' }), opts.status ?? 200);
}

segmentRoutes.get('/:id{[0-9]+}', (c) => showDetail(c, idParam(c)));

segmentRoutes.post('/:id{[0-9]+}', async (c) => {
  const m = segmentMessages[c.var.locale];
  const id = idParam(c);
  const seg = id === null ? undefined : await findSegment(c.var.db, id);
  if (!seg) return renderError(c, 404);
  const values = segmentValues(await c.req.parseBody());
  const res = await inTransaction(c.var.db, async (trx) => {
    const r = await updateSegment(trx, seg.id, values);
    if (r.ok) await audit(c, { action: 'segment.updated', targetType: 'dealer_segment', targetId: seg.id, details: { before: { code: seg.code, name: seg.name }, after: values } }, trx);
    return r;
  });
  if (!res.ok) return showDetail(c, seg.id, { form: { values, errors: res.errors }, status: 422 });
  await setFlash(c, { kind: 'success', message: m.saved });
  return c.redirect(`${SEGMENTS}/${seg.id}`, 303);
});

segmentRoutes.get('/:id{[0-9]+}/delete', async (c) => {
  const m = segmentMessages[c.var.locale];
  const id = idParam(c);
  const seg = id === null ? undefined : await findSegment(c.var.db, id);
  if (!seg) return renderError(c, 404);
  const usage = await segmentUsage(c.var.db, seg.id);
  const blocked = usage.lists || usage.campaigns ? m.blocked(usage.lists, usage.campaigns) : undefined;
  return c.html(page(c, m.confirmTitle(seg.name), <SegmentDeleteConfirm locale={c.var.locale} segment={seg} dealers={usage.dealers} blocked={blocked} />, { nav: 'staff' }));
});

segmentRoutes.post('/:id{[0-9]+}/delete', async (c) => {
  const m = segmentMessages[c.var.locale];
  const id = idParam(c);
  const seg = id === null ? undefined : await findSegment(c.var.db, id);
  if (!seg) return renderError(c, 404);
  const res = await inTransaction(c.var.db, async (trx) => {
    const r = await deleteSegment(trx, seg.id);
    if (r.ok) await audit(c, { action: 'segment.deleted', targetType: 'dealer_segment', targetId: seg.id, details: { code: seg.code, name: seg.name, dealerIds: r.dealerIds } }, trx);
    return r;
  });
  if (!res.ok) return showDetail(c, seg.id, { status: 422, deleteError: m.blocked(res.usage.lists, res.usage.campaigns) });
  await setFlash(c, { kind: 'success', message: m.deleted(seg.name, res.dealerIds.length) });
  return c.redirect(SEGMENTS, 303);
});

segmentRoutes.get('/:id{[0-9]+}/dealer-search', async (c) => {
  const id = idParam(c);
  const seg = id === null ? undefined : await findSegment(c.var.db, id);
  if (!seg) return renderError(c, 404);
  const q = (c.req.query('q') ?? '').trim().slice(0, 100);
  if (!wantsFragment(c)) return c.redirect(`${SEGMENTS}/${seg.id}?q=${encodeURIComponent(q)}`, 303);
  c.header('Vary', 'HX-Request', { append: true });
  return c.html(<DealerMatches locale={c.var.locale} segmentId={seg.id} q={q} matches={await searchDealers(c.var.db, q, seg.id)} />);
});

/** Assign (segmentId) or unassign (null) one dealer; htmx gets the refreshed dealer list. */
async function changeMembership(c: C, segmentId: number, dealerId: number | null, assign: boolean) {
  const m = segmentMessages[c.var.locale];
  const seg = await findSegment(c.var.db, segmentId);
  if (!seg || dealerId === null) return renderError(c, 404);
  const dealer = await findDealerBrief(c.var.db, dealerId);
  if (!dealer || (!assign && dealer.segment_id !== seg.id)) return renderError(c, 404);
  await inTransaction(c.var.db, async (trx) => {
    const prev = await setDealerSegment(trx, dealer.id, assign ? seg.id : null);
    await audit(c, { action: assign ? 'dealer.segment_assigned' : 'dealer.segment_removed', dealerId: dealer.id, targetType: 'dealer', targetId: dealer.id, details: { segmentId: assign ? seg.id : null, previous: prev?.previous ?? null } }, trx);
  });
  const message = assign ? m.assigned(dealer.code) : m.unassigned(dealer.code);
  if (wantsFragment(c)) {
    c.header('Vary', 'HX-Request', { append: true });
    const { rows, more } = await listSegmentDealers(c.var.db, seg.id);
    return c.html(<SegmentDealers locale={c.var.locale} segmentId={seg.id} dealers={rows} more={more} message={message} />);
  }
  await setFlash(c, { kind: 'success', message });
  return c.redirect(`${SEGMENTS}/${seg.id}`, 303);
}

segmentRoutes.post('/:id{[0-9]+}/dealers', async (c) => {
  const body = await c.req.parseBody();
  return changeMembership(c, idParam(c) ?? 0, parseId(typeof body.dealer_id === 'string' ? body.dealer_id : ''), true);
});

segmentRoutes.post('/:id{[0-9]+}/dealers/:dealerId{[0-9]+}/remove', (c) => changeMembership(c, idParam(c) ?? 0, idParam(c, 'dealerId'), false));
