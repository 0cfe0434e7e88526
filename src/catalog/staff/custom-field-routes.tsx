import { Hono, type Context } from 'hono';
import { CustomFieldsPage } from '../../../views/catalog/staff/custom-fields.tsx';
import { audit } from '../../auth/audit.ts';
import { getSetting, setSetting } from '../../settings/settings.ts';
import type { AppEnv } from '../../web/env.ts';
import { setFlash } from '../../web/flash.ts';
import { page } from '../../web/page.tsx';
import { catalogFieldErrors, catalogStaffMessages } from '../staff-messages.ts';
import { valuesFromBody, type CustomFieldDef } from './product-form.ts';

/** Seller-defined product fields (CAT-2 "custom fields"), kept in the productCustomFields setting. Mounted at /staff/catalog/custom-fields. */
export const customFieldRoutes = new Hono<AppEnv>();
type C = Context<AppEnv>;
const BASE = '/staff/catalog/custom-fields';
const TYPES = ['text', 'number', 'yesno'] as const;

async function fieldsPage(c: C, form = { values: { type: 'text' } as Record<string, string>, errors: {} as Record<string, string | undefined> }, status: 200 | 422 = 200) {
  const { fields } = await getSetting(c.var.db, 'productCustomFields');
  return c.html(page(c, catalogStaffMessages[c.var.locale].customFieldsTitle, <CustomFieldsPage locale={c.var.locale} fields={fields} form={form} />, { nav: 'staff' }), status);
}

customFieldRoutes.get('/', (c) => fieldsPage(c));

customFieldRoutes.post('/', async (c) => {
  const m = catalogStaffMessages[c.var.locale];
  const fe = catalogFieldErrors[c.var.locale];
  const values = valuesFromBody(await c.req.parseBody());
  const key = (values.key ?? '').trim();
  const label = (values.label ?? '').trim();
  const type = (values.type ?? '') as CustomFieldDef['type'];
  const { fields } = await getSetting(c.var.db, 'productCustomFields');
  const errors: Record<string, string> = {};
  if (!/^[a-z][a-z0-9_]{0,39}$/.test(key)) errors.key = key ? m.errKey : fe.required;
  else if (fields.some((f) => f.key === key)) errors.key = m.errKeyTaken;
  if (!label) errors.label = fe.required;
  else if (label.length > 100) errors.label = fe.tooLong;
  if (!TYPES.includes(type)) errors.type = fe.option;
  if (fields.length >= 40) errors.form = m.errTooMany;
  if (Object.keys(errors).length) return fieldsPage(c, { values, errors }, 422);
  await setSetting(c.var.db, 'productCustomFields', { fields: [...fields, { key, label, type }] });
  await audit(c, { action: 'catalog.custom_field_added', targetType: 'setting', targetId: 'productCustomFields', details: { key, label, type } });
  await setFlash(c, { kind: 'success', message: m.customFieldAdded(label) });
  return c.redirect(BASE, 303);
});

customFieldRoutes.post('/:key{[a-z][a-z0-9_]{0,39}}/delete', async (c) => {
  const key = c.req.param('key');
  const { fields } = await getSetting(c.var.db, 'productCustomFields');
  const gone = fields.find((f) => f.key === key);
  if (!gone) return c.notFound();
  await setSetting(c.var.db, 'productCustomFields', { fields: fields.filter((f) => f.key !== key) });
  await audit(c, { action: 'catalog.custom_field_removed', targetType: 'setting', targetId: 'productCustomFields', details: gone });
  await setFlash(c, { kind: 'success', message: catalogStaffMessages[c.var.locale].customFieldRemoved(gone.label) });
  return c.redirect(BASE, 303);
});
