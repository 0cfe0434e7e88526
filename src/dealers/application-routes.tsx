import { Hono, type Context } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { deleteCookie, getSignedCookie, setSignedCookie } from 'hono/cookie';
import { ApplyDone, ApplyForm, LegalTextPage, type ApplyFormProps } from '../../views/dealers/applications/apply-form.tsx';
import { MoreDocumentsForm } from '../../views/dealers/applications/more-documents.tsx';
import { writeAudit } from '../auth/audit.ts';
import { clientIp } from '../auth/request-info.ts';
import { brandOf } from '../notifications/brand.ts';
import { nudgeNotifications } from '../notifications/jobs.ts';
import type { AppEnv } from '../web/env.ts';
import { page } from '../web/page.tsx';
import { parseId } from '../web/params.ts';
import { draftFields, emptyValues, validateApplyValues, valuesFromBody, valuesFromDraft, type ApplyValues } from './application-form.ts';
import {
  activeDocumentTypes,
  allDocumentTypes,
  completeDocumentRequest,
  createDraft,
  currentLegalTexts,
  findByUploadToken,
  findDraft,
  findRecentlySubmitted,
  findLegalText,
  listDocuments,
  notifyApplicantReceived,
  notifyReviewers,
  satisfiedTypes,
  saveDraftFields,
  storeDocument,
  submitDraft,
  type DocumentType,
} from './applications.ts';
import type { FieldErrors } from './dealers.ts';
import { applyMessages } from './messages.ts';
import { checkUpload, cleanFileName, diskStorage } from './storage.ts';

/** Public dealer application on the tenant host (IAM-1, IAM-2) and the upload link for requested documents (IAM-3). */
export const applicationRoutes = new Hono<AppEnv>();

const DRAFT_COOKIE = 'kv_apply';
/** Three documents of 10 MB plus the text fields; larger bodies are cut off before parsing. */
const MAX_BODY = 35 * 1024 * 1024;

type Body = Record<string, unknown>;
type C = Context<AppEnv>;

const storageOf = (c: C) => diskStorage(c.var.deps.config.DATA_DIR);

async function readDraftToken(c: C): Promise<string | undefined> {
  const v = await getSignedCookie(c, c.var.deps.config.SESSION_SECRET, DRAFT_COOKIE);
  return v || undefined;
}

async function setDraftCookie(c: C, token: string) {
  await setSignedCookie(c, DRAFT_COOKIE, token, c.var.deps.config.SESSION_SECRET, {
    path: '/apply',
    httpOnly: true,
    sameSite: 'Lax',
    maxAge: 30 * 24 * 3600,
    secure: c.var.deps.config.PUBLIC_SCHEME === 'https',
  });
}

const limit = bodyLimit({
  maxSize: MAX_BODY,
  onError: (ctx) => {
    const c = ctx as unknown as C;
    const m = applyMessages[c.var.locale];
    return c.html(page(c, m.tooLargeTitle, <ApplyDone title={m.tooLargeTitle} text={m.tooLargeText} backLabel={m.backToForm} backHref="/apply" />, { nav: 'none' }), 413);
  },
});

/** The first non-empty file of a multipart field (a field may repeat). */
function fileOf(body: Body, name: string): File | null {
  const v = body[name];
  const list = Array.isArray(v) ? v : [v];
  return (list.find((x) => x instanceof File && x.size > 0) as File | undefined) ?? null;
}

/** Checks and stores each uploaded file; a bad file becomes an error next to its field, the good ones are kept. */
async function storeUploads(c: C, body: Body, applicationId: number, types: DocumentType[], replace: boolean): Promise<FieldErrors> {
  const errors: FieldErrors = {};
  for (const t of types) {
    const file = fileOf(body, `doc_${t.code}`);
    if (!file) continue;
    const checked = await checkUpload(file);
    if (!checked.ok) {
      errors[`doc_${t.code}`] = checked.error;
      continue;
    }
    await storeDocument(c.var.db, storageOf(c), c.var.tenant.id, { applicationId, type: t.code, name: cleanFileName(file.name), bytes: checked.bytes, mime: checked.mime, replace });
  }
  return errors;
}

async function formProps(c: C, input: { values: ApplyValues; errors: FieldErrors; applicationId: number | null; accepted: ApplyFormProps['accepted'] }): Promise<ApplyFormProps> {
  const db = c.var.db;
  const [docTypes, legal, docs] = await Promise.all([activeDocumentTypes(db), currentLegalTexts(db), input.applicationId ? listDocuments(db, input.applicationId) : Promise.resolve([])]);
  return {
    locale: c.var.locale,
    sellerName: c.var.tenant.name,
    values: input.values,
    errors: input.errors,
    docTypes,
    uploaded: Object.fromEntries(docs.map((d) => [d.document_type, d.original_name])),
    legal,
    accepted: input.accepted,
    draftSaved: input.applicationId !== null && Object.keys(input.errors).length > 0,
  };
}

applicationRoutes.get('/', async (c) => {
  const draft = await findDraft(c.var.db, await readDraftToken(c));
  const props = await formProps(c, { values: draft ? valuesFromDraft(draft) : emptyValues(), errors: {}, applicationId: draft?.id ?? null, accepted: { terms: false, contract: false } });
  c.header('Cache-Control', 'no-store');
  return c.html(page(c, applyMessages[c.var.locale].title, <ApplyForm {...props} />, { nav: 'none' }));
});

/**
 * One browser's posts of its draft run one after another (a double click sends the form twice):
 * otherwise both would replace each other's uploads, and the second would find the draft already
 * submitted only by chance. A short Redis lock per tenant and draft token; if it cannot be had
 * within 15 s the request goes ahead (the conditional submit still prevents a double submit).
 */
async function withDraftLock<T>(c: C, token: string | undefined, fn: () => Promise<T>): Promise<T> {
  if (!token) return fn();
  const redis = c.var.deps.redis;
  const key = `apply-lock:${c.var.tenant.id}:${token}`;
  for (let i = 0; i < 150; i++) {
    if ((await redis.set(key, '1', 'PX', 30_000, 'NX')) === 'OK') {
      try {
        return await fn();
      } finally {
        await redis.del(key);
      }
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  return fn();
}

applicationRoutes.post('/', limit, async (c) => {
  const body = (await c.req.parseBody({ all: true })) as Body;
  return withDraftLock(c, await readDraftToken(c), () => submitApplication(c, body));
});

async function submitApplication(c: C, body: Body) {
  const db = c.var.db;
  const locale = c.var.locale;
  const values = valuesFromBody(body);

  // The draft row is written first, so a bad file or a typo never loses what was entered or uploaded.
  const token = await readDraftToken(c);
  let draftId = (await findDraft(db, token))?.id;
  if (!draftId && (await findRecentlySubmitted(db, token))) {
    // A second click or a retried request after the first submit went through: same answer, no new application.
    deleteCookie(c, DRAFT_COOKIE, { path: '/apply' });
    return c.redirect('/apply/received', 303);
  }
  if (!draftId) {
    const created = await createDraft(db, locale);
    draftId = created.id;
    await setDraftCookie(c, created.token);
  }
  await saveDraftFields(db, draftId, draftFields(values), locale);

  const docTypes = await activeDocumentTypes(db);
  const errors: FieldErrors = { ...validateApplyValues(values), ...(await storeUploads(c, body, draftId, docTypes, true)) };
  const have = new Set((await listDocuments(db, draftId)).map((d) => d.document_type));
  for (const t of docTypes) if (t.required && !have.has(t.code) && !errors[`doc_${t.code}`]) errors[`doc_${t.code}`] = 'fileMissing';

  const legal = await currentLegalTexts(db);
  const accepted = {
    terms: body.accept_terms === 'on' && body.accept_terms_id === String(legal.terms?.id),
    contract: body.accept_contract === 'on' && body.accept_contract_id === String(legal.contract?.id),
  };
  if (legal.terms && !accepted.terms) errors.accept_terms = 'accept';
  if (legal.contract && !accepted.contract) errors.accept_contract = 'accept';

  if (Object.keys(errors).length) {
    const props = await formProps(c, { values, errors, applicationId: draftId, accepted });
    c.header('Cache-Control', 'no-store');
    return c.html(page(c, applyMessages[locale].title, <ApplyForm {...props} />, { nav: 'none' }), 422);
  }

  const brand = brandOf(c);
  const done = await db.transaction().execute(async (trx) => {
    const app = await submitDraft(trx, draftId, { termsId: legal.terms?.id ?? null, contractId: legal.contract?.id ?? null });
    if (!app) return null;
    const ids = [await notifyApplicantReceived(trx, brand, app), ...(await notifyReviewers(trx, brand, app))];
    await writeAudit(trx, {
      action: 'application.submitted',
      actorLabel: `${app.contact_name} <${app.email}>`,
      targetType: 'application',
      targetId: app.id,
      ip: clientIp(c),
      details: { termsId: app.terms_id, contractId: app.contract_id },
    });
    return ids;
  });
  deleteCookie(c, DRAFT_COOKIE, { path: '/apply' });
  if (done) await nudge(c, done);
  return c.redirect('/apply/received', 303);
}

applicationRoutes.get('/received', (c) => {
  const m = applyMessages[c.var.locale];
  return c.html(page(c, m.receivedTitle, <ApplyDone title={m.receivedTitle} text={m.receivedText} backLabel={m.backHome} />, { nav: 'none' }));
});

applicationRoutes.get('/legal/:id', async (c) => {
  const id = parseId(c.req.param('id'));
  const text = id === null ? undefined : await findLegalText(c.var.db, id);
  if (!text || text.kind === 'privacy') return c.notFound();
  return c.html(page(c, text.title, <LegalTextPage text={text} />, { nav: 'none' }));
});

async function nudge(c: C, ids: number[]) {
  await nudgeNotifications(c.var.deps.queues, c.var.tenant.id, ids).catch((err: Error) => c.var.log.warn({ err: err.message }, 'could not enqueue mail job; the sweep will send it'));
}

function linkInvalid(c: C) {
  const m = applyMessages[c.var.locale];
  return c.html(page(c, m.linkInvalidTitle, <ApplyDone title={m.linkInvalidTitle} text={m.linkInvalidText} backLabel={m.backHome} />, { nav: 'none' }), 404);
}

async function moreDocsView(c: C, token: string, errors: FieldErrors, status: 200 | 422) {
  const app = await findByUploadToken(c.var.db, token);
  if (!app) return linkInvalid(c);
  const types = (await allDocumentTypes(c.var.db)).filter((t) => app.requested_documents.includes(t.code));
  const docs = await listDocuments(c.var.db, app.id);
  const done = satisfiedTypes(app, docs);
  const uploaded = Object.fromEntries(docs.filter((d) => done.has(d.document_type)).map((d) => [d.document_type, d.original_name]));
  const m = applyMessages[c.var.locale];
  c.header('Cache-Control', 'no-store');
  c.header('Referrer-Policy', 'no-referrer');
  return c.html(
    page(c, m.moreTitle, <MoreDocumentsForm locale={c.var.locale} token={token} company={app.company_name} message={app.review_note ?? ''} types={types} uploaded={uploaded} errors={errors} />, { nav: 'none' }),
    status,
  );
}

applicationRoutes.get('/documents/:token', (c) => moreDocsView(c, c.req.param('token'), {}, 200));

applicationRoutes.post('/documents/:token', limit, async (c) => {
  const token = c.req.param('token');
  const app = await findByUploadToken(c.var.db, token);
  if (!app) return linkInvalid(c);
  const body = (await c.req.parseBody({ all: true })) as Body;
  const types = (await allDocumentTypes(c.var.db)).filter((t) => app.requested_documents.includes(t.code));
  const errors = await storeUploads(c, body, app.id, types, false);
  const done = satisfiedTypes(app, await listDocuments(c.var.db, app.id));
  for (const t of types) if (!done.has(t.code) && !errors[`doc_${t.code}`]) errors[`doc_${t.code}`] = 'fileMissing';
  if (Object.keys(errors).length) return moreDocsView(c, token, errors, 422);

  const brand = brandOf(c);
  const ids = await c.var.db.transaction().execute(async (trx) => {
    const moved = await completeDocumentRequest(trx, app);
    return moved ? notifyReviewers(trx, brand, moved) : [];
  });
  await nudge(c, ids);
  const m = applyMessages[c.var.locale];
  return c.html(page(c, m.moreDoneTitle, <ApplyDone title={m.moreDoneTitle} text={m.moreDoneText} backLabel={m.backHome} />, { nav: 'none' }));
});
