import { Hono, type Context } from 'hono';
import { z } from 'zod';
import { ReviewDetail, type ReviewDetailProps } from '../../views/dealers/applications/review-detail.tsx';
import { APPLICATION_STATUSES, ReviewListPage, ReviewResults } from '../../views/dealers/applications/review-list.tsx';
import { requireStaff } from '../auth/middleware.ts';
import { clientIp } from '../auth/request-info.ts';
import type { ApplicationStatus } from '../db/types.ts';
import { brandOf } from '../notifications/brand.ts';
import { nudgeNotifications } from '../notifications/jobs.ts';
import type { AppEnv } from '../web/env.ts';
import { setFlash } from '../web/flash.ts';
import { page } from '../web/page.tsx';
import { parseId } from '../web/params.ts';
import { render } from '../web/render.ts';
import {
  allDocumentTypes,
  approveApplication,
  findApplication,
  findApplicationDocument,
  findLegalText,
  listApplications,
  listDocuments,
  rejectApplication,
  requestDocuments,
  type Application,
  type ReviewActor,
} from './applications.ts';
import { fieldErrors, reviewMessages } from './messages.ts';
import { diskStorage } from './storage.ts';

/** Staff review queue for dealer applications (IAM-3). Mounted at /staff/applications. */
export const applicationReviewRoutes = new Hono<AppEnv>();
applicationReviewRoutes.use('*', requireStaff('applications.review'));

type C = Context<AppEnv>;
const PAGE_SIZE = 50;

const filterSchema = z.object({
  status: z.enum(APPLICATION_STATUSES as [ApplicationStatus, ...ApplicationStatus[]]).optional().catch(undefined),
  q: z.string().trim().max(100).optional().catch(undefined),
  from: z.string().regex(/^\d{4}-\d{2}-\d{2}$/).optional().catch(undefined),
  to: z.string().regex(/^\d{4}-\d{2}-\d{2}$/).optional().catch(undefined),
  after: z.string().regex(/^\d{1,19}$/).optional().catch(undefined),
});

const frame = (c: C, title: string) => (body: unknown) => page(c, title, body as never, { nav: 'staff' });

function actorOf(c: C): ReviewActor {
  const u = c.var.user!;
  return { userId: u.id, name: u.name, email: u.email, ip: clientIp(c) };
}

async function nudge(c: C, ids: number[]) {
  await nudgeNotifications(c.var.deps.queues, c.var.tenant.id, ids).catch((err: Error) => c.var.log.warn({ err: err.message }, 'could not enqueue mail job; the sweep will send it'));
}

applicationReviewRoutes.get('/', async (c) => {
  const raw = filterSchema.parse(c.req.query());
  const filter = { status: raw.status, q: raw.q || undefined, from: raw.from, to: raw.to };
  const { rows, next } = await listApplications(c.var.db, { ...filter, timeZone: c.var.tenant.timeZone, after: parseId(raw.after) ?? undefined, limit: PAGE_SIZE });
  const href = (after?: number) => {
    const qs = new URLSearchParams();
    for (const [k, v] of Object.entries(filter)) if (v) qs.set(k, v);
    if (after) qs.set('after', String(after));
    const s = qs.toString();
    return `/staff/applications${s ? `?${s}` : ''}`;
  };
  const props = { locale: c.var.locale, timeZone: c.var.tenant.timeZone, rows, filter, firstHref: raw.after ? href() : null, nextHref: next ? href(next) : null };
  return render(c, <ReviewResults {...props} />, () => frame(c, reviewMessages[c.var.locale].title)(<ReviewListPage {...props} />));
});

async function detailProps(c: C, app: Application, form: Partial<ReviewDetailProps['form']> = {}): Promise<ReviewDetailProps> {
  const db = c.var.db;
  const [docs, docTypes, terms, contract, dealer] = await Promise.all([
    listDocuments(db, app.id),
    allDocumentTypes(db),
    app.terms_id ? findLegalText(db, app.terms_id) : undefined,
    app.contract_id ? findLegalText(db, app.contract_id) : undefined,
    app.dealer_id ? db.selectFrom('dealers').select('code').where('id', '=', app.dealer_id).executeTakeFirst() : undefined,
  ]);
  return {
    locale: c.var.locale,
    timeZone: c.var.tenant.timeZone,
    app,
    docs,
    docTypes,
    legal: { terms, contract },
    dealerCode: dealer?.code ?? null,
    form: { reason: '', message: '', types: [], ...form },
  };
}

async function loadApp(c: C): Promise<Application | undefined> {
  const id = parseId(c.req.param('id'));
  return id === null ? undefined : findApplication(c.var.db, id);
}

async function showDetail(c: C, app: Application, form: Partial<ReviewDetailProps['form']> = {}, status: 200 | 409 | 422 = 200) {
  const props = await detailProps(c, app, form);
  return c.html(frame(c, reviewMessages[c.var.locale].detailTitle(app.company_name))(<ReviewDetail {...props} />), status);
}

applicationReviewRoutes.get('/:id', async (c) => {
  const app = await loadApp(c);
  if (!app || app.status === 'draft') return c.notFound();
  return showDetail(c, app);
});

/**
 * A stored document, shown inline in the browser: its type as sniffed at upload, never guessed
 * again (nosniff), and a sandbox policy so an uploaded file can never run script in the portal's origin.
 */
applicationReviewRoutes.get('/:id/documents/:docId', async (c) => {
  const appId = parseId(c.req.param('id'));
  const docId = parseId(c.req.param('docId'));
  const doc = appId === null || docId === null ? undefined : await findApplicationDocument(c.var.db, appId, docId);
  if (!doc) return c.notFound();
  const bytes = await diskStorage(c.var.deps.config.DATA_DIR).get(c.var.tenant.id, doc.storage_key);
  if (!bytes) return c.notFound();
  const ascii = doc.original_name.replace(/[^\x20-\x7e]/g, '_').replace(/["\\]/g, '_');
  return c.body(bytes as Uint8Array<ArrayBuffer>, 200, {
    'Content-Type': doc.mime,
    'Content-Length': String(bytes.byteLength),
    'Content-Disposition': `inline; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(doc.original_name)}`,
    'X-Content-Type-Options': 'nosniff',
    'Content-Security-Policy': "sandbox; default-src 'none'; img-src 'self'; style-src 'unsafe-inline'; object-src 'self'",
    'Cache-Control': 'private, no-store',
  });
});

applicationReviewRoutes.post('/:id/approval', async (c) => {
  const app = await loadApp(c);
  if (!app || app.status === 'draft') return c.notFound();
  const m = reviewMessages[c.var.locale];
  const res = await approveApplication(c.var.db, { schema: c.var.tenant.schema, brand: brandOf(c) }, app.id, actorOf(c));
  if (!res.ok) {
    const current = (await findApplication(c.var.db, app.id)) ?? app;
    if (res.reason === 'not_pending') {
      await setFlash(c, { kind: 'error', message: m.notPending });
      return c.redirect(`/staff/applications/${app.id}`, 303);
    }
    const e = fieldErrors[c.var.locale];
    const detail = Object.entries(res.errors)
      .map(([k, code]) => `${k}: ${e[code]}`)
      .join(' ');
    await setFlash(c, { kind: 'error', message: m.approveFailed + detail });
    return c.redirect(`/staff/applications/${current.id}`, 303);
  }
  await nudge(c, res.notificationIds);
  await setFlash(c, { kind: 'success', message: m.approved(res.dealer.code) });
  return c.redirect(`/staff/applications/${app.id}`, 303);
});

const reasonSchema = z.string().trim().min(1).max(2000);

applicationReviewRoutes.post('/:id/rejection', async (c) => {
  const app = await loadApp(c);
  if (!app || app.status === 'draft') return c.notFound();
  const m = reviewMessages[c.var.locale];
  const form = await c.req.parseBody();
  const raw = typeof form.reason === 'string' ? form.reason : '';
  const reason = reasonSchema.safeParse(raw);
  if (!reason.success) return showDetail(c, app, { reason: raw, reasonError: fieldErrors[c.var.locale].required }, 422);
  const ids = await rejectApplication(c.var.db, brandOf(c), app.id, reason.data, actorOf(c));
  if (!ids) {
    await setFlash(c, { kind: 'error', message: m.notPending });
    return c.redirect(`/staff/applications/${app.id}`, 303);
  }
  await nudge(c, ids);
  await setFlash(c, { kind: 'success', message: m.rejected });
  return c.redirect(`/staff/applications/${app.id}`, 303);
});

applicationReviewRoutes.post('/:id/document-request', async (c) => {
  const app = await loadApp(c);
  if (!app || app.status === 'draft') return c.notFound();
  const m = reviewMessages[c.var.locale];
  const form = await c.req.parseBody({ all: true });
  const codes = ([] as unknown[]).concat(form.types ?? []).filter((x): x is string => typeof x === 'string');
  const message = (typeof form.message === 'string' ? form.message : '').trim().slice(0, 2000);
  const types = (await allDocumentTypes(c.var.db)).filter((t) => codes.includes(t.code));
  if (!types.length) return showDetail(c, app, { message, types: codes, typesError: m.chooseType }, 422);
  const ids = await requestDocuments(c.var.db, brandOf(c), app.id, { types, message }, actorOf(c));
  if (!ids) {
    await setFlash(c, { kind: 'error', message: m.notPending });
    return c.redirect(`/staff/applications/${app.id}`, 303);
  }
  await nudge(c, ids);
  await setFlash(c, { kind: 'success', message: m.moreRequested });
  return c.redirect(`/staff/applications/${app.id}`, 303);
});
