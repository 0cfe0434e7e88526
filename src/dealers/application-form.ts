import { z } from 'zod';
import type { PostalAddress } from '../db/types.ts';
import type { Application, ApplicationFields } from './applications.ts';
import { addressSchema, emailField, fieldErrorsOf, taxNumberField, type FieldErrors } from './dealers.ts';

/** The public application form (IAM-1): one schema; values kept as typed so a failed submit re-renders them. */
export const TEXT_FIELDS = [
  'company_name',
  'trade_name',
  'tax_office',
  'tax_number',
  'sector',
  'employee_count',
  'annual_turnover',
  'phone',
  'email',
  'contact_name',
] as const;
export const ADDRESS_PARTS = ['line1', 'line2', 'district', 'city', 'postal_code'] as const;
type AddressPart = (typeof ADDRESS_PARTS)[number];

export type ApplyValues = Record<(typeof TEXT_FIELDS)[number] | `billing_${AddressPart}` | `shipping_${AddressPart}`, string> & {
  shipping_same: boolean;
};

export const emptyValues = (): ApplyValues => {
  const v: Record<string, string | boolean> = { shipping_same: true };
  for (const f of TEXT_FIELDS) v[f] = '';
  for (const p of ADDRESS_PARTS) v[`billing_${p}`] = v[`shipping_${p}`] = '';
  return v as ApplyValues;
};

const str = (v: unknown) => (typeof v === 'string' ? v.slice(0, 2000) : '');

export function valuesFromBody(body: Record<string, unknown>): ApplyValues {
  const v = emptyValues() as unknown as Record<string, string | boolean>;
  for (const key of Object.keys(v)) if (key !== 'shipping_same') v[key] = str(body[key]);
  v.shipping_same = body.shipping_same === 'on';
  return v as unknown as ApplyValues;
}

export function valuesFromDraft(app: Application): ApplyValues {
  const v = emptyValues() as unknown as Record<string, string | boolean>;
  for (const f of TEXT_FIELDS) {
    const raw = app[f];
    v[f] = raw == null ? '' : f === 'annual_turnover' ? String(Math.round(Number(raw) / 100)) : String(raw);
  }
  for (const p of ADDRESS_PARTS) {
    v[`billing_${p}`] = app.billing_address[p] ?? '';
    v[`shipping_${p}`] = app.shipping_address[p] ?? '';
  }
  v.shipping_same = JSON.stringify(app.billing_address) === JSON.stringify(app.shipping_address);
  return v as unknown as ApplyValues;
}

/** "1.500.000" or "1 500 000" → 1500000; anything else that is not digits → null. */
const wholeNumber = (raw: string, maxDigits: number) => {
  const digits = raw.replace(/[\s.]/g, '');
  return new RegExp(`^[0-9]{1,${maxDigits}}$`).test(digits) ? Number(digits) : null;
};

const addressOf = (v: ApplyValues, kind: 'billing' | 'shipping'): PostalAddress => {
  const a: Record<string, string> = {};
  for (const p of ADDRESS_PARTS) a[p] = v[`${kind}_${p}`].trim();
  return { ...a, country: 'TR' };
};

/** What a draft can store even when invalid (numbers only if they parse), so nothing typed is lost. */
export function draftFields(v: ApplyValues): ApplicationFields {
  const billing = addressOf(v, 'billing');
  const turnover = wholeNumber(v.annual_turnover, 13);
  return {
    company_name: v.company_name.trim().slice(0, 200),
    trade_name: v.trade_name.trim().slice(0, 200),
    tax_office: v.tax_office.trim().slice(0, 100),
    tax_number: v.tax_number.replace(/[\s-]/g, '').slice(0, 20),
    sector: v.sector.trim().slice(0, 100),
    employee_count: wholeNumber(v.employee_count, 7),
    annual_turnover: turnover === null ? null : turnover * 100,
    phone: v.phone.trim().slice(0, 40),
    email: v.email.trim().toLowerCase().slice(0, 254),
    contact_name: v.contact_name.trim().slice(0, 200),
    billing_address: billing,
    shipping_address: v.shipping_same ? billing : addressOf(v, 'shipping'),
  };
}

const required = (max: number) => z.string().trim().min(1, 'required').max(max, 'tooLong');
const numberText = (maxDigits: number, optional: boolean) =>
  z.string().refine((s) => (optional && s.trim() === '') || wholeNumber(s, maxDigits) !== null, optional ? 'number' : 'number');

const applySchema = z.object({
  company_name: required(200),
  trade_name: z.string().trim().max(200, 'tooLong'),
  tax_office: required(100),
  tax_number: taxNumberField,
  sector: required(100),
  employee_count: z.string().refine((s) => s.trim() !== '', 'required').pipe(numberText(7, false)),
  annual_turnover: numberText(13, true),
  phone: required(40).refine((s) => /^[0-9 +()-]{7,40}$/.test(s), 'number'),
  email: emailField,
  contact_name: required(200),
});

const addressErrors = (v: ApplyValues, kind: 'billing' | 'shipping'): FieldErrors => {
  const parsed = addressSchema.safeParse(addressOf(v, kind));
  if (parsed.success) return {};
  const out: FieldErrors = {};
  for (const [k, code] of Object.entries(fieldErrorsOf(parsed.error))) out[`${kind}_${k}`] = code;
  return out;
};

/** Field errors keyed by form field name; empty when the text part of the form is valid. */
export function validateApplyValues(v: ApplyValues): FieldErrors {
  const parsed = applySchema.safeParse(v);
  return {
    ...(parsed.success ? {} : fieldErrorsOf(parsed.error)),
    ...addressErrors(v, 'billing'),
    ...(v.shipping_same ? {} : addressErrors(v, 'shipping')),
  };
}
