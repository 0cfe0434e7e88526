import type { Kysely } from 'kysely';
import type { TenantDb } from '../db/types.ts';
import { hashPassword } from '../auth/passwords.ts';
import type { DealerRole, StaffRole } from '../auth/permissions.ts';
import { createDealerUser, createStaffUser } from '../auth/users.ts';
import { createDealer } from '../dealers/dealers.ts';
import { vknCheckDigit } from '../dealers/tax-id.ts';
import type { Brand } from '../notifications/templates.ts';
import { setSetting } from '../settings/settings.ts';

/**
 * Demo people for a demo seller: staff of every kind and a few dealers with users, all with one
 * shared demo password. Staff and dealer admins must set up 2FA at their first login (as in
 * production); buyers sign in with code + e-mail + password only.
 */
export const DEMO_PASSWORD = 'Kervan-demo-2026!';

export interface DemoIdentitySpec {
  codePrefix: string;
  locale: 'tr' | 'en';
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

export async function seedDemoIdentity(db: Kysely<TenantDb>, schema: string, brand: Brand, spec: DemoIdentitySpec): Promise<DemoLogin[]> {
  const existing = await db.selectFrom('users').select('id').limit(1).executeTakeFirst();
  if (existing) return [];
  const passwordHash = await hashPassword(DEMO_PASSWORD);
  const logins: DemoLogin[] = [];
  await setSetting(db, 'dealerCode', { prefix: spec.codePrefix });
  const staffIds: Record<string, number> = {};
  for (const s of spec.staff) {
    const u = await createStaffUser(db, { ...s, passwordHash, locale: spec.locale });
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
      await createDealerUser(db, { dealerId: res.dealer.id, ...u, passwordHash, locale: spec.locale });
      logins.push({ kind: 'dealer', code: res.dealer.code, email: u.email, role: u.role });
    }
  }
  return logins;
}

export const DEMO_IDENTITIES: Record<string, DemoIdentitySpec> = {
  acme: {
    codePrefix: 'ACM-',
    locale: 'tr',
    staff: [
      { name: 'Ayşe Yılmaz', email: 'ayse@acme.example', role: 'owner' },
      { name: 'Murat Şahin', email: 'murat@acme.example', role: 'sales_rep' },
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
        ],
      },
      {
        companyName: 'Karadeniz Yapı Malzemeleri A.Ş.',
        taxBase: '987654321',
        city: 'Trabzon',
        users: [{ name: 'Işıl Güneş', email: 'isil@karadenizyapi.example', role: 'buyer' }],
      },
    ],
  },
  nordic: {
    codePrefix: 'NV-',
    locale: 'en',
    staff: [
      { name: 'Ingrid Hansen', email: 'ingrid@nordic.example', role: 'owner' },
      { name: 'Lars Berg', email: 'lars@nordic.example', role: 'sales_rep' },
    ],
    dealers: [
      {
        companyName: 'Bergen Bygg AS',
        taxBase: '456789123',
        city: 'Bergen',
        users: [
          { name: 'Kari Nilsen', email: 'kari@bergenbygg.example', role: 'dealer_admin' },
          { name: 'Ola Johansen', email: 'ola@bergenbygg.example', role: 'buyer' },
        ],
      },
    ],
  },
};
