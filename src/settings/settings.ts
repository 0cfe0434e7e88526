import { sql, type Kysely } from 'kysely';
import { z } from 'zod';
import type { TenantDb } from '../db/types.ts';
import { groupIban, isValidIban } from './iban.ts';

/**
 * Typed per-tenant settings, stored as JSON rows in the tenant's `settings` table.
 * Each key has a schema and a default; an unreadable stored value falls back to the default
 * (and is logged by the caller), so a bad row never takes a page down.
 * New areas add their key here (one place to see every seller setting).
 */
export const SETTINGS = {
  /** IAM-5: dealer codes are `<prefix><sequence>`, e.g. ACM-1001. */
  dealerCode: z.object({ prefix: z.string().max(12).regex(/^[A-Z0-9-]*$/).default('B-') }),
  /** PLT-4: contact details shown in the footer, landing page and e-mails. Logo lives in branding_logo. */
  contact: z.object({
    phone: z.string().max(40).default(''),
    email: z.string().max(254).default(''),
    address: z.string().max(500).default(''),
    website: z.string().max(200).default(''),
  }),
  /** PLT-4: uploaded logo (stored under DATA_DIR/<tenant>/branding/, served by /brand/logo). */
  logo: z.object({ file: z.string().nullable().default(null), mime: z.string().nullable().default(null), version: z.number().int().default(0) }),
  /** CAT-2: the seller's own product fields (stored per product in products.custom_fields by key). */
  productCustomFields: z.object({
    fields: z
      .array(z.object({ key: z.string().regex(/^[a-z][a-z0-9_]{0,39}$/), label: z.string().min(1).max(100), type: z.enum(['text', 'number', 'yesno']) }))
      .max(40)
      .default([]),
  }),
  /**
   * PRC-2/PRC-5: the seller's base currency (exchange rates are base-currency units per 1 unit of
   * another currency; dealers without an invoice currency are invoiced in it) and the VAT rates
   * offered on products (Turkish defaults 1 %, 10 %, 20 %; 0 allowed for exempt goods).
   */
  pricing: z.object({
    baseCurrency: z.string().regex(/^[A-Z]{3}$/).default('TRY'),
    vatRates: z.array(z.number().int().min(0).max(100)).min(1).max(10).default([1, 10, 20]),
    defaultVatRate: z.number().int().min(0).max(100).default(20),
  }),
  /** IAM security policy. */
  security: z.object({
    idleTimeoutMinutes: z.number().int().min(5).max(720).default(30),
  }),
  /**
   * APR-3: approval timing. A waiting step reminds its approvers after reminderHours, escalates to
   * the dealer's admins after escalateHours; an order still unapproved cancelAfterHours after it
   * was submitted is cancelled and its stock released (0 = never cancel).
   */
  approvals: z.object({
    reminderHours: z.number().int().min(1).max(720).default(24),
    escalateHours: z.number().int().min(1).max(2160).default(48),
    cancelAfterHours: z.number().int().min(0).max(8760).default(0),
  }),
  /**
   * FIN-1/ORD-9: the seller's bank account for payment instructions (proforma PDF, awaiting-payment
   * mail: src/orders/documents.ts bankDetails). The IBAN is stored in its print form (groups of
   * four, upper case); '' = no IBAN line on documents. Edited at /staff/settings/bank.
   */
  bank: z.object({
    iban: z
      .string()
      .max(42)
      .refine((v) => v === '' || isValidIban(v))
      .transform((v) => (v === '' ? '' : groupIban(v)))
      .default(''),
    bankName: z.string().max(120).default(''),
    accountHolder: z.string().max(200).default(''),
  }),
} as const;

export type SettingKey = keyof typeof SETTINGS;
export type SettingValue<K extends SettingKey> = z.output<(typeof SETTINGS)[K]>;

export async function getSetting<K extends SettingKey>(db: Kysely<TenantDb>, key: K): Promise<SettingValue<K>> {
  const row = await db.selectFrom('settings').select('value').where('key', '=', key).executeTakeFirst();
  const schema = SETTINGS[key] as unknown as z.ZodType<SettingValue<K>>;
  const parsed = schema.safeParse(row?.value ?? {});
  return parsed.success ? parsed.data : (schema.parse({}) as SettingValue<K>);
}

/** Validates and stores a whole setting value (upsert). Throws a ZodError on invalid input. */
export async function setSetting<K extends SettingKey>(db: Kysely<TenantDb>, key: K, value: SettingValue<K>): Promise<void> {
  const clean = (SETTINGS[key] as unknown as z.ZodType<SettingValue<K>>).parse(value);
  await db
    .insertInto('settings')
    .values({ key, value: JSON.stringify(clean) })
    .onConflict((oc) => oc.column('key').doUpdateSet({ value: JSON.stringify(clean), updated_at: sql`now()` }))
    .execute();
}
