import type { Kysely } from 'kysely';
import type { TenantDb } from '../db/types.ts';
import { hashPassword } from '../auth/passwords.ts';
import type { DealerRole, StaffRole } from '../auth/permissions.ts';
import { requiresTwoFactor } from '../auth/permissions.ts';
import { createHash } from 'node:crypto';
import * as OTPAuth from 'otpauth';
import { sealTotpSecret } from '../auth/totp.ts';
import { createDealerUser, createStaffUser, type User } from '../auth/users.ts';
import { createDraft, saveDraftFields, storeDocument, submitDraft } from '../dealers/applications.ts';
import { createDealer } from '../dealers/dealers.ts';
import type { DocumentStorage } from '../dealers/storage.ts';
import { vknCheckDigit } from '../dealers/tax-id.ts';
import type { Brand } from '../notifications/templates.ts';
import { setSetting } from '../settings/settings.ts';

/**
 * Demo people for a demo seller: one staff member per role, dealers with a user per dealer role,
 * one pending application with documents. All share one demo password. Everyone for whom 2FA is
 * mandatory (staff, dealer admins, approvers, finance) is already enrolled and their TOTP secret
 * is printed by `npm start` — demo only: a real seller never sees a secret after enrolment.
 * Buyers and viewers sign in with code + e-mail + password only.
 */
export const DEMO_PASSWORD = 'Kervan-demo-2026!';

export interface DemoIdentitySpec {
  codePrefix: string;
  locale: 'tr' | 'en';
  application: { company: string; contact: string; email: string; taxBase: string; city: string; sector: string };
  staff: Array<{ name: string; email: string; role: StaffRole }>;
  dealers: Array<{
    companyName: string;
    taxBase: string;
    city: string;
    users: Array<{ name: string; email: string; role: DealerRole }>;
  }>;
}

export interface DemoLogin {
  kind: 'staff' | 'dealer';
  code?: string;
  email: string;
  role: string;
}

/** A valid 10-digit VKN from nine digits (the tenth is the check digit). */
const vkn = (nine: string) => `${nine}${vknCheckDigit(nine)}`;

/**
 * Demo TOTP secrets are derived from seller and e-mail, so the README can list them and they are
 * the same on every machine. Demo accounts only; real enrolment uses random secrets.
 */
export function demoTotpSecret(slug: string, email: string): string {
  const bytes = createHash('sha1').update(`kervan-demo-totp:${slug}:${email}`).digest();
  return new OTPAuth.Secret({ buffer: new Uint8Array(bytes).buffer }).base32;
}

/** Enrols TOTP for users whose role requires it, with the secret sealed as the app does. */
async function enrolIfRequired(db: Kysely<TenantDb>, user: User, slug: string, sessionSecret: string): Promise<void> {
  if (!requiresTwoFactor(user)) return;
  await db
    .updateTable('users')
    .set({ totp_secret: sealTotpSecret(demoTotpSecret(slug, user.email), sessionSecret), totp_enabled_at: new Date() })
    .where('id', '=', user.id)
    .execute();
}

/** A one-page PDF (ASCII text, correct xref offsets): enough for the review page to show a document. */
export function demoPdf(title: string): Uint8Array {
  const text = title.replace(/[^\x20-\x7e]/g, '?').replace(/[()\\]/g, '');
  const stream = `BT /F1 18 Tf 72 720 Td (${text}) Tj ET`;
  const objects = [
    '<< /Type /Catalog /Pages 2 0 R >>',
    '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
    '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>',
    `<< /Length ${stream.length} >>\nstream\n${stream}\nendstream`,
    '<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>',
  ];
  let out = '%PDF-1.4\n';
  const offsets: number[] = [];
  objects.forEach((o, i) => {
    offsets.push(out.length);
    out += `${i + 1} 0 obj\n${o}\nendobj\n`;
  });
  const xref = out.length;
  out += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n${offsets.map((o) => `${String(o).padStart(10, '0')} 00000 n \n`).join('')}`;
  out += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
  return new TextEncoder().encode(out);
}

async function seedPendingApplication(db: Kysely<TenantDb>, storage: DocumentStorage, tenantId: number, spec: DemoIdentitySpec): Promise<void> {
  const a = spec.application;
  const { id } = await createDraft(db, spec.locale);
  const address = { line1: spec.locale === 'tr' ? 'Sanayi Cad. No: 7' : 'Industriveien 7', city: a.city, country: spec.locale === 'tr' ? 'TR' : 'NO' };
  await saveDraftFields(
    db,
    id,
    {
      company_name: a.company,
      trade_name: a.company,
      tax_office: a.city,
      tax_number: vkn(a.taxBase),
      sector: a.sector,
      employee_count: 24,
      annual_turnover: 1_250_000_000,
      phone: '+90 232 555 07 07',
      email: a.email,
      contact_name: a.contact,
      billing_address: address,
      shipping_address: address,
    },
    spec.locale,
  );
  const types = await db.selectFrom('document_types').select(['code', 'name_tr', 'name_en']).where('active', '=', true).orderBy('position').execute();
  for (const t of types) {
    const name = spec.locale === 'tr' ? t.name_tr : t.name_en;
    await storeDocument(db, storage, tenantId, { applicationId: id, type: t.code, name: `${t.code}.pdf`, bytes: demoPdf(`${a.company} - ${name}`), mime: 'application/pdf', replace: true });
  }
  await submitDraft(db, id, { termsId: null, contractId: null });
}

export async function seedDemoIdentity(
  db: Kysely<TenantDb>,
  ctx: { slug: string; schema: string; tenantId: number; brand: Brand; sessionSecret: string; storage: DocumentStorage },
  spec: DemoIdentitySpec,
): Promise<DemoLogin[]> {
  const { schema, brand } = ctx;
  const existing = await db.selectFrom('users').select('id').limit(1).executeTakeFirst();
  if (existing) return [];
  const passwordHash = await hashPassword(DEMO_PASSWORD);
  const logins: DemoLogin[] = [];
  await setSetting(db, 'dealerCode', { prefix: spec.codePrefix });
  const staffIds: Record<string, number> = {};
  for (const s of spec.staff) {
    const u = await createStaffUser(db, { ...s, passwordHash, locale: spec.locale });
    await enrolIfRequired(db, u, ctx.slug, ctx.sessionSecret);
    staffIds[s.role] ??= u.id;
    logins.push({ kind: 'staff', email: s.email, role: s.role });
  }
  for (const d of spec.dealers) {
    const res = await createDealer(
      db,
      { schema, brand },
      {
        companyName: d.companyName,
        taxNumber: vkn(d.taxBase),
        taxOffice: d.city,
        phone: '+90 212 555 01 01',
        email: d.users[0]!.email,
        salesRepId: staffIds.sales_rep ?? null,
        billingAddress: { line1: spec.locale === 'tr' ? 'Atatürk Cad. No: 12' : 'Storgata 12', city: d.city, country: spec.locale === 'tr' ? 'TR' : 'NO' },
      },
      { userId: null, name: 'demo seed', source: 'staff' },
    );
    if (!res.ok) throw new Error(`demo dealer ${d.companyName}: ${JSON.stringify(res.errors)}`);
    for (const u of d.users) {
      const user = await createDealerUser(db, { dealerId: res.dealer.id, ...u, passwordHash, locale: spec.locale });
      await enrolIfRequired(db, user, ctx.slug, ctx.sessionSecret);
      logins.push({ kind: 'dealer', code: res.dealer.code, email: u.email, role: u.role });
    }
  }
  await seedPendingApplication(db, ctx.storage, ctx.tenantId, spec);
  return logins;
}

export const DEMO_IDENTITIES: Record<string, DemoIdentitySpec> = {
  acme: {
    codePrefix: 'ACM-',
    locale: 'tr',
    application: { company: 'Ege Boya Sanayi ve Ticaret Ltd. Şti.', contact: 'Gülşen Koç', email: 'gulsen@egeboya.example', taxBase: '456123789', city: 'İzmir', sector: 'Boya ve yapı kimyasalları' },
    staff: [
      { name: 'Ayşe Yılmaz', email: 'ayse@acme.example', role: 'owner' },
      { name: 'Kemal Arslan', email: 'kemal@acme.example', role: 'admin' },
      { name: 'Murat Şahin', email: 'murat@acme.example', role: 'sales_rep' },
      { name: 'Zeynep Doğan', email: 'zeynep@acme.example', role: 'catalog_manager' },
      { name: 'Hakan Öz', email: 'hakan@acme.example', role: 'finance' },
      { name: 'Cem Yıldız', email: 'cem@acme.example', role: 'warehouse' },
      { name: 'Elif Çelik', email: 'elif@acme.example', role: 'support_agent' },
    ],
    dealers: [
      {
        companyName: 'Deniz Hırdavat Ltd. Şti.',
        taxBase: '123456789',
        city: 'İstanbul',
        users: [
          { name: 'Deniz Aydın', email: 'deniz@denizhirdavat.example', role: 'dealer_admin' },
          { name: 'Ali Öztürk', email: 'ali@denizhirdavat.example', role: 'buyer' },
          { name: 'Selin Kaya', email: 'selin@denizhirdavat.example', role: 'approver' },
          { name: 'Burak Demir', email: 'burak@denizhirdavat.example', role: 'finance' },
          { name: 'Nur Ateş', email: 'nur@denizhirdavat.example', role: 'viewer' },
        ],
      },
      {
        companyName: 'Karadeniz Yapı Malzemeleri A.Ş.',
        taxBase: '987654321',
        city: 'Trabzon',
        users: [
          { name: 'Işıl Güneş', email: 'isil@karadenizyapi.example', role: 'dealer_admin' },
          { name: 'Ömer Çınar', email: 'omer@karadenizyapi.example', role: 'buyer' },
          { name: 'Şule Aksoy', email: 'sule@karadenizyapi.example', role: 'approver' },
          { name: 'İlker Tan', email: 'ilker@karadenizyapi.example', role: 'finance' },
          { name: 'Gökhan Er', email: 'gokhan@karadenizyapi.example', role: 'viewer' },
        ],
      },
    ],
  },
  nordic: {
    codePrefix: 'NV-',
    locale: 'en',
    application: { company: 'Fjord Rørleggerservice AS', contact: 'Sigrid Lie', email: 'sigrid@fjordror.example', taxBase: '321654987', city: 'Stavanger', sector: 'Plumbing' },
    staff: [
      { name: 'Ingrid Hansen', email: 'ingrid@nordic.example', role: 'owner' },
      { name: 'Erik Solberg', email: 'erik@nordic.example', role: 'admin' },
      { name: 'Lars Berg', email: 'lars@nordic.example', role: 'sales_rep' },
      { name: 'Marte Lund', email: 'marte@nordic.example', role: 'catalog_manager' },
      { name: 'Jonas Dahl', email: 'jonas@nordic.example', role: 'finance' },
      { name: 'Per Moen', email: 'per@nordic.example', role: 'warehouse' },
      { name: 'Silje Bakke', email: 'silje@nordic.example', role: 'support_agent' },
    ],
    dealers: [
      {
        companyName: 'Bergen Bygg AS',
        taxBase: '456789123',
        city: 'Bergen',
        users: [
          { name: 'Kari Nilsen', email: 'kari@bergenbygg.example', role: 'dealer_admin' },
          { name: 'Ola Johansen', email: 'ola@bergenbygg.example', role: 'buyer' },
          { name: 'Nina Strand', email: 'nina@bergenbygg.example', role: 'approver' },
          { name: 'Tor Haugen', email: 'tor@bergenbygg.example', role: 'finance' },
          { name: 'Eva Ruud', email: 'eva@bergenbygg.example', role: 'viewer' },
        ],
      },
      {
        companyName: 'Tromsø Verktøy AS',
        taxBase: '789123456',
        city: 'Tromsø',
        users: [
          { name: 'Anders Vik', email: 'anders@tromsoverktoy.example', role: 'dealer_admin' },
          { name: 'Hilde Berg', email: 'hilde@tromsoverktoy.example', role: 'buyer' },
          { name: 'Knut Lie', email: 'knut@tromsoverktoy.example', role: 'approver' },
          { name: 'Mona Eide', email: 'mona@tromsoverktoy.example', role: 'finance' },
          { name: 'Rune Foss', email: 'rune@tromsoverktoy.example', role: 'viewer' },
        ],
      },
    ],
  },
};
