import { forgetSetting } from '../settings/cache.ts';
import { Hono, type Context } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { z } from 'zod';
import { LegalTextView, SettingsPage, type SettingsProps } from '../../views/staff/settings.tsx';
import { audit } from '../auth/audit.ts';
import { requireStaff } from '../auth/middleware.ts';
import { safeColour } from '../home/brand.ts';
import { COLOUR_RE, updateTenantBranding } from '../platform/branding.ts';
import { getSetting, setSetting } from '../settings/settings.ts';
import type { AppEnv } from '../web/env.ts';
import { setFlash } from '../web/flash.ts';
import { page } from '../web/page.tsx';
import { idParam } from '../web/params.ts';
import { bankSettingsRoutes } from './bank-settings-routes.tsx';
import { LogoError, LOGO_MAX_BYTES, removeLogo, storeLogo } from './logo-store.ts';
import { staffMessages } from './messages.ts';
import { addDocumentType, DocumentTypeExists, findLegalText, LEGAL_KINDS, listDocumentTypes, listLegalTexts, publishLegalText, updateDocumentType, type LegalKind } from './settings.ts';

/** /staff/settings: branding, contact, dealer codes, legal texts, application documents (PLT-4, PLT-5). */
export const settingsRoutes = new Hono<AppEnv>();
// FIN-1: the bank account page has its own guard (finance.manage: owner, admin, finance). Mounted
// BEFORE the settings.manage guard below: Hono runs handlers in registration order and the bank
// handlers answer without calling next(), so finance reaches /bank and nothing else here.
settingsRoutes.route('/bank', bankSettingsRoutes);
settingsRoutes.use('*', requireStaff('settings.manage'));

async function settingsPage(c: Context<AppEnv>, failed?: SettingsProps['failed']) {
  const db = c.var.db;
  const [contact, dealerCode, logo, legal, docTypes, bank] = await Promise.all([
    getSetting(db, 'contact'),
    getSetting(db, 'dealerCode'),
    getSetting(db, 'logo'),
    listLegalTexts(db),
    listDocumentTypes(db),
    getSetting(db, 'bank'),
  ]);
  const t = c.var.tenant;
  const props: SettingsProps = {
    locale: c.var.locale,
    timeZone: t.timeZone,
    brand: { colour: safeColour(t.primaryColor), defaultLocale: t.defaultLocale, logoVersion: logo.version, hasLogo: Boolean(logo.file) },
    contact,
    bank,
    dealerPrefix: dealerCode.prefix,
    legal,
    docTypes,
    failed,
  };
  return c.html(page(c, staffMessages[c.var.locale].settingsTitle, <SettingsPage {...props} />, { nav: 'staff' }), failed ? 422 : 200);
}

const done = async (c: Context<AppEnv>, message: string, anchor: string) => {
  await setFlash(c, { kind: 'success', message });
  return c.redirect(`/staff/settings#${anchor}`, 303);
};

const field = (body: Record<string, unknown>, name: string, max = 1000) => (typeof body[name] === 'string' ? (body[name] as string).slice(0, max) : '');

settingsRoutes.get('/', (c) => settingsPage(c));

settingsRoutes.post('/brand', async (c) => {
  const m = staffMessages[c.var.locale];
  const body = await c.req.parseBody();
  const colour = field(body, 'colour', 20).trim().toLowerCase();
  const defaultLocale = field(body, 'defaultLocale', 5) === 'en' ? 'en' : 'tr';
  if (!COLOUR_RE.test(colour)) return settingsPage(c, { section: 'brand', values: { colour, defaultLocale }, errors: { colour: m.errColour } });
  const before = c.var.tenant;
  await updateTenantBranding(c.var.deps.rootDb, c.var.deps.resolver, before.id, { primaryColor: colour, defaultLocale });
  await audit(c, { action: 'settings.brand_changed', targetType: 'tenant', targetId: before.id, details: { colour: { from: before.primaryColor, to: colour }, defaultLocale: { from: before.defaultLocale, to: defaultLocale } } });
  return done(c, m.brandSaved, 'brand');
});

settingsRoutes.post(
  '/logo',
  bodyLimit({ maxSize: LOGO_MAX_BYTES + 64 * 1024, onError: (c) => settingsPage(c as Context<AppEnv>, { section: 'logo', values: {}, errors: { logo: staffMessages[(c as Context<AppEnv>).var.locale].errLogoSize } }) }),
  async (c) => {
    const m = staffMessages[c.var.locale];
    const body = await c.req.parseBody();
    const file = body.logo;
    const { DATA_DIR } = c.var.deps.config;
    const tenantId = c.var.tenant.id;
    try {
      if (!(file instanceof File) || file.size === 0) throw new LogoError('missing');
      if (file.size > LOGO_MAX_BYTES) throw new LogoError('size');
      const stored = await storeLogo(DATA_DIR, tenantId, new Uint8Array(await file.arrayBuffer()));
      const old = await getSetting(c.var.db, 'logo');
      await setSetting(c.var.db, 'logo', { file: stored.file, mime: stored.mime, version: old.version + 1 });
      await removeLogo(DATA_DIR, tenantId, old.file);
      await audit(c, { action: 'settings.logo_changed', targetType: 'tenant', targetId: tenantId, details: { mime: stored.mime, size: file.size } });
      return done(c, m.logoSaved, 'brand');
    } catch (err) {
      if (!(err instanceof LogoError)) throw err;
      const text = err.problem === 'missing' ? m.errLogoMissing : err.problem === 'size' ? m.errLogoSize : m.errLogoType;
      return settingsPage(c, { section: 'logo', values: {}, errors: { logo: text } });
    }
  },
);

settingsRoutes.post('/logo/delete', async (c) => {
  const old = await getSetting(c.var.db, 'logo');
  await setSetting(c.var.db, 'logo', { file: null, mime: null, version: old.version + 1 });
  await removeLogo(c.var.deps.config.DATA_DIR, c.var.tenant.id, old.file);
  await audit(c, { action: 'settings.logo_removed', targetType: 'tenant', targetId: c.var.tenant.id });
  return done(c, staffMessages[c.var.locale].logoRemoved, 'brand');
});

const contactSchema = z.object({
  phone: z.string().trim().max(40).regex(/^[0-9+()\-\s.]*$/),
  email: z.union([z.literal(''), z.string().trim().toLowerCase().email().max(254)]),
  website: z.union([z.literal(''), z.string().trim().max(200).regex(/^https?:\/\/[^\s<>"]+$/)]),
  address: z.string().trim().max(500),
});

settingsRoutes.post('/contact', async (c) => {
  const m = staffMessages[c.var.locale];
  const body = await c.req.parseBody();
  const values = { phone: field(body, 'phone', 100).trim(), email: field(body, 'email', 300).trim(), website: field(body, 'website', 300).trim(), address: field(body, 'address', 1000).trim() };
  const parsed = contactSchema.safeParse(values);
  if (!parsed.success) {
    const text = { phone: m.errPhone, email: m.errEmailInvalid, website: m.errWebsite, address: m.errAddress } as Record<string, string>;
    const errors = Object.fromEntries(parsed.error.issues.map((i) => [String(i.path[0]), text[String(i.path[0])]]));
    return settingsPage(c, { section: 'contact', values, errors });
  }
  await setSetting(c.var.db, 'contact', parsed.data);
  forgetSetting(c.var.tenant.id, 'contact');
  await audit(c, { action: 'settings.contact_changed', targetType: 'tenant', targetId: c.var.tenant.id });
  return done(c, m.contactSaved, 'contact');
});

settingsRoutes.post('/dealer-code', async (c) => {
  const m = staffMessages[c.var.locale];
  const body = await c.req.parseBody();
  const prefix = field(body, 'prefix', 40).trim();
  if (!/^[A-Z0-9-]{0,12}$/.test(prefix)) return settingsPage(c, { section: 'dealerCode', values: { prefix }, errors: { prefix: m.errDealerCode } });
  const before = await getSetting(c.var.db, 'dealerCode');
  await setSetting(c.var.db, 'dealerCode', { prefix });
  await audit(c, { action: 'settings.dealer_code_changed', targetType: 'tenant', targetId: c.var.tenant.id, details: { from: before.prefix, to: prefix } });
  return done(c, m.dealerCodeSaved, 'dealer-code');
});

settingsRoutes.post('/legal/:kind{terms|contract|privacy}', async (c) => {
  const m = staffMessages[c.var.locale];
  const kind = c.req.param('kind') as LegalKind;
  if (!LEGAL_KINDS.includes(kind)) return c.notFound();
  const body = await c.req.parseBody();
  const title = field(body, `${kind}-title`, 300).trim();
  const text = field(body, `${kind}-body`, 100_001).trim();
  const errors: Record<string, string> = {};
  if (title.length < 2 || title.length > 200) errors.title = m.errLegalTitle;
  if (!text || text.length > 100_000) errors.body = m.errLegalBody;
  if (Object.keys(errors).length) return settingsPage(c, { section: kind, values: { title, body: text }, errors });
  const version = await publishLegalText(c.var.db, kind, { title, body: text, by: c.var.user!.id });
  await audit(c, { action: 'settings.legal_published', targetType: 'legal_text', targetId: `${kind}:${version}`, details: { kind, version } });
  return done(c, m.legalPublished(m[`kind_${kind}`], version), `legal-${kind}`);
});

settingsRoutes.get('/legal/:id{[0-9]+}', async (c) => {
  const id = idParam(c);
  const text = id === null ? undefined : await findLegalText(c.var.db, id);
  if (!text) return c.notFound();
  return c.html(page(c, `${staffMessages[c.var.locale][`kind_${text.kind}`]} v${text.version}`, <LegalTextView locale={c.var.locale} timeZone={c.var.tenant.timeZone} text={text} />, { nav: 'staff' }));
});

const nameOk = (s: string) => s.length >= 2 && s.length <= 120;

settingsRoutes.post('/document-types', async (c) => {
  const m = staffMessages[c.var.locale];
  const body = await c.req.parseBody();
  const values = { nameTr: field(body, 'nameTr', 200).trim(), nameEn: field(body, 'nameEn', 200).trim(), required: body.required === '1' ? '1' : '' };
  const errors: Record<string, string> = {};
  if (!nameOk(values.nameTr)) errors.nameTr = m.errDocName;
  if (values.nameEn && !nameOk(values.nameEn)) errors.nameEn = m.errDocName;
  if (Object.keys(errors).length) return settingsPage(c, { section: 'docAdd', values, errors });
  try {
    const d = await addDocumentType(c.var.db, { nameTr: values.nameTr, nameEn: values.nameEn, required: values.required === '1' });
    await audit(c, { action: 'settings.document_type_added', targetType: 'document_type', targetId: d.id, details: { code: d.code } });
  } catch (err) {
    if (err instanceof DocumentTypeExists) return settingsPage(c, { section: 'docAdd', values, errors: { nameTr: m.errDocCode } });
    throw err;
  }
  return done(c, m.docTypeAdded, 'document-types');
});

settingsRoutes.post('/document-types/:id{[0-9]+}', async (c) => {
  const m = staffMessages[c.var.locale];
  const id = idParam(c);
  if (id === null) return c.notFound();
  const body = await c.req.parseBody();
  const values = { nameTr: field(body, 'nameTr', 200).trim(), nameEn: field(body, 'nameEn', 200).trim(), required: body.required === '1', active: body.active === '1' };
  if (!nameOk(values.nameTr) || (values.nameEn && !nameOk(values.nameEn))) {
    return settingsPage(c, { section: `doc-${id}`, values: { nameTr: values.nameTr, nameEn: values.nameEn }, errors: { nameTr: m.errDocName } });
  }
  const d = await updateDocumentType(c.var.db, id, values);
  if (!d) return c.notFound();
  await audit(c, { action: 'settings.document_type_changed', targetType: 'document_type', targetId: id, details: { code: d.code, required: d.required, active: d.active } });
  return done(c, m.docTypeSaved, 'document-types');
});
