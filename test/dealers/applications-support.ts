import type { Kysely } from 'kysely';
import type { TenantDb } from '../../src/db/types.ts';

/** Shared by the onboarding tests: real file bytes, a valid form, a submitted application. */

/** A minimal but well-formed one-page PDF. */
export const PDF_BYTES = new TextEncoder().encode(
  '%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 200 200]>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n',
);
/** A 1×1 PNG. */
export const PNG_BYTES = Uint8Array.from(
  Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==', 'base64'),
);

/** Check digit computed with the VKN algorithm (see applications-tax-id.test.ts). */
export const VALID_VKN = '1234567890';

export function applyFields(over: Record<string, string> = {}): Record<string, string> {
  return {
    company_name: 'Deniz Hırdavat Ltd. Şti.',
    trade_name: 'Deniz',
    tax_office: 'Kadıköy',
    tax_number: VALID_VKN,
    sector: 'Hırdavat',
    employee_count: '25',
    annual_turnover: '1.500.000',
    phone: '+90 216 555 01 02',
    email: 'ayse@deniz.example',
    contact_name: 'Ayşe Yılmaz',
    billing_line1: 'Moda Cad. 12',
    billing_district: 'Kadıköy',
    billing_city: 'İstanbul',
    billing_postal_code: '34710',
    shipping_same: 'on',
    ...over,
  };
}

type Files = Partial<Record<'signature_circular' | 'tax_certificate' | 'application_form', File | null>>;

/** Multipart body like a browser sends; by default all three documents (PDF, PNG, PDF). A null file is left out. */
export function applyForm(fields: Record<string, string>, files: Files = {}): FormData {
  const fd = new FormData();
  for (const [k, v] of Object.entries(fields)) fd.append(k, v);
  const all: Files = {
    signature_circular: new File([PDF_BYTES], 'imza-sirkuleri.pdf', { type: 'application/pdf' }),
    tax_certificate: new File([PNG_BYTES], 'vergi-levhasi.png', { type: 'image/png' }),
    application_form: new File([PDF_BYTES], 'başvuru formu.pdf', { type: 'application/pdf' }),
    ...files,
  };
  for (const [k, f] of Object.entries(all)) if (f) fd.append(`doc_${k}`, f);
  return fd;
}

/** `name=value` of a Set-Cookie header, ready for a Cookie header. */
export function cookieFrom(res: Response, name: string): string {
  for (const c of res.headers.getSetCookie()) if (c.startsWith(`${name}=`)) return c.split(';')[0]!;
  return '';
}

/** A submitted application straight in the database (for review tests). */
export async function insertSubmitted(db: Kysely<TenantDb>, over: Partial<{ company: string; taxNumber: string; email: string; contact: string; submittedAt: Date }> = {}) {
  const billing = JSON.stringify({ line1: 'Moda Cad. 12', district: 'Kadıköy', city: 'İstanbul', postal_code: '34710', country: 'TR' });
  return db
    .insertInto('applications')
    .values({
      public_token_hash: `h-${Math.random().toString(36).slice(2)}${Date.now()}`,
      status: 'submitted',
      company_name: over.company ?? 'Deniz Hırdavat Ltd. Şti.',
      tax_office: 'Kadıköy',
      tax_number: over.taxNumber ?? VALID_VKN,
      sector: 'Hırdavat',
      employee_count: 25,
      phone: '+90 216 555 01 02',
      email: over.email ?? 'ayse@deniz.example',
      contact_name: over.contact ?? 'Ayşe Yılmaz',
      billing_address: billing,
      shipping_address: billing,
      submitted_at: over.submittedAt ?? new Date(),
    })
    .returningAll()
    .executeTakeFirstOrThrow();
}
