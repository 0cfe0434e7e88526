import { Hono, type Context } from 'hono';
import { AttributeEditPage, AttributeListPage, type AttributeFormState } from '../../../views/catalog/staff/attributes.tsx';
import { audit } from '../../auth/audit.ts';
import type { AttributeType } from '../../db/types.ts';
import type { Locale } from '../../i18n/define.ts';
import type { AppEnv } from '../../web/env.ts';
import { setFlash } from '../../web/flash.ts';
import { page } from '../../web/page.tsx';
import { idParam } from '../../web/params.ts';
import {
  AttributeError,
  attributeValueCounts,
  createAttributeDefinition,
  deleteAttributeDefinition,
  findAttributeDefinition,
  listAttributeDefinitions,
  updateAttributeDefinition,
  type AttributeDefinition,
} from '../products.ts';
import { catalogFieldErrors, catalogStaffMessages } from '../staff-messages.ts';
import { valuesFromBody } from './product-form.ts';

/** Attribute definitions per seller (type, unit, choices, filterable, variant axis). Mounted at /staff/catalog/attributes. */
export const attributeRoutes = new Hono<AppEnv>();
type C = Context<AppEnv>;
const BASE = '/staff/catalog/attributes';
const TYPES: readonly AttributeType[] = ['text', 'number', 'choice'];

interface AttributeInput {
  code: string;
  name: string;
  type: AttributeType;
  unit: string;
  choices: string[];
  filterable: boolean;
  variantAxis: boolean;
  position: number;
}

function parseAttributeForm(v: Record<string, string>, locale: Locale, withCode: boolean): { ok: true; data: AttributeInput } | { ok: false; errors: Record<string, string> } {
  const m = catalogStaffMessages[locale];
  const fe = catalogFieldErrors[locale];
  const errors: Record<string, string> = {};
  const code = (v.code ?? '').trim();
  if (withCode && !/^[a-z0-9_]{1,60}$/.test(code)) errors.code = code ? m.errCode : fe.required;
  const name = (v.name ?? '').trim();
  if (!name) errors.name = fe.required;
  else if (name.length > 100) errors.name = fe.tooLong;
  const type = (v.type ?? '') as AttributeType;
  if (!TYPES.includes(type)) errors.type = fe.option;
  const unit = (v.unit ?? '').trim();
  if (unit.length > 20) errors.unit = fe.tooLong;
  const choices = [...new Set((v.choices ?? '').split(/\r?\n/).map((s) => s.trim()).filter(Boolean))];
  if (type === 'choice' && !choices.length) errors.choices = m.errChoicesRequired;
  if (choices.some((s) => s.length > 200) || choices.length > 500) errors.choices = fe.tooLong;
  const posRaw = (v.position ?? '').trim() || '0';
  const position = /^-?[0-9]{1,6}$/.test(posRaw) ? Number(posRaw) : Number.NaN;
  if (!Number.isInteger(position)) errors.position = fe.whole;
  if (Object.keys(errors).length) return { ok: false, errors };
  return {
    ok: true,
    data: { code, name, type, unit, choices: type === 'choice' ? choices : [], filterable: v.filterable === '1', variantAxis: v.variant_axis === '1', position },
  };
}

async function listPage(c: C, form: AttributeFormState = { values: { type: 'text', position: '0' }, errors: {} }, status: 200 | 422 = 200) {
  const [defs, usage] = await Promise.all([listAttributeDefinitions(c.var.db), attributeValueCounts(c.var.db)]);
  return c.html(page(c, catalogStaffMessages[c.var.locale].attributesTitle, <AttributeListPage locale={c.var.locale} defs={defs} usage={usage} form={form} />, { nav: 'staff' }), status);
}

const defValues = (d: AttributeDefinition): Record<string, string> => ({
  name: d.name,
  type: d.type,
  unit: d.unit,
  choices: d.choices.join('\n'),
  filterable: d.filterable ? '1' : '',
  variant_axis: d.variant_axis ? '1' : '',
  position: String(d.position),
});

async function editPage(c: C, id: number, state: { form?: AttributeFormState; deleteError?: string } = {}, status: 200 | 422 = 200) {
  const def = await findAttributeDefinition(c.var.db, id);
  if (!def) return c.notFound();
  const usage = (await attributeValueCounts(c.var.db)).get(id) ?? 0;
  return c.html(
    page(
      c,
      catalogStaffMessages[c.var.locale].editAttribute(def.name),
      <AttributeEditPage locale={c.var.locale} def={def} usage={usage} form={state.form ?? { values: defValues(def), errors: {} }} deleteError={state.deleteError} />,
      { nav: 'staff' },
    ),
    status,
  );
}

attributeRoutes.get('/', (c) => listPage(c));

attributeRoutes.post('/', async (c) => {
  const m = catalogStaffMessages[c.var.locale];
  const values = valuesFromBody(await c.req.parseBody());
  const parsed = parseAttributeForm(values, c.var.locale, true);
  if (!parsed.ok) return listPage(c, { values, errors: parsed.errors }, 422);
  const exists = await c.var.db.selectFrom('attribute_definitions').select('id').where('code', '=', parsed.data.code).executeTakeFirst();
  if (exists) return listPage(c, { values, errors: { code: m.errCodeTaken } }, 422);
  let def: AttributeDefinition;
  try {
    def = await createAttributeDefinition(c.var.db, parsed.data);
  } catch (err) {
    if ((err as { code?: string }).code === '23505') return listPage(c, { values, errors: { code: m.errCodeTaken } }, 422);
    throw err;
  }
  await audit(c, { action: 'attribute.created', targetType: 'attribute', targetId: def.id, details: { ...parsed.data } });
  await setFlash(c, { kind: 'success', message: m.attributeCreated(def.code) });
  return c.redirect(`${BASE}#attribute-${def.id}`, 303);
});

attributeRoutes.get('/:id{[0-9]+}', (c) => {
  const id = idParam(c);
  return id === null ? c.notFound() : editPage(c, id);
});

attributeRoutes.post('/:id{[0-9]+}', async (c) => {
  const id = idParam(c);
  if (id === null) return c.notFound();
  const before = await findAttributeDefinition(c.var.db, id);
  if (!before) return c.notFound();
  const m = catalogStaffMessages[c.var.locale];
  const values = valuesFromBody(await c.req.parseBody());
  delete values.code;
  const parsed = parseAttributeForm(values, c.var.locale, false);
  if (!parsed.ok) return editPage(c, id, { form: { values, errors: parsed.errors } }, 422);
  try {
    const after = await updateAttributeDefinition(c.var.db, id, parsed.data);
    await audit(c, {
      action: 'attribute.updated',
      targetType: 'attribute',
      targetId: id,
      details: { code: before.code, from: defValues(before), to: defValues(after) },
    });
  } catch (err) {
    if (!(err instanceof AttributeError)) throw err;
    if (err.code === 'not_found') return c.notFound();
    const field = parsed.data.type === before.type && parsed.data.type === 'choice' ? 'choices' : 'type';
    const msg = m.errInvalidValues(err.values.map((x) => `“${x}”`).join(', '));
    return editPage(c, id, { form: { values, errors: { [field]: msg, form: msg } } }, 422);
  }
  await setFlash(c, { kind: 'success', message: m.attributeSaved });
  return c.redirect(`${BASE}/${id}`, 303);
});

attributeRoutes.post('/:id{[0-9]+}/delete', async (c) => {
  const id = idParam(c);
  if (id === null) return c.notFound();
  const m = catalogStaffMessages[c.var.locale];
  try {
    const gone = await deleteAttributeDefinition(c.var.db, id);
    await audit(c, { action: 'attribute.deleted', targetType: 'attribute', targetId: id, details: { code: gone.code, name: gone.name } });
    await setFlash(c, { kind: 'success', message: m.attributeDeleted(gone.code) });
    return c.redirect(BASE, 303);
  } catch (err) {
    if (!(err instanceof AttributeError)) throw err;
    if (err.code === 'not_found') return c.notFound();
    const n = (await attributeValueCounts(c.var.db)).get(id) ?? 0;
    return editPage(c, id, { deleteError: m.errHasValues(n) }, 422);
  }
});
