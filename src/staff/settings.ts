import { sql, type Kysely, type Selectable } from 'kysely';
import type { DocumentTypesTable, LegalTextsTable, TenantDb } from '../db/types.ts';

/** Seller settings stored in the tenant schema: versioned legal texts and application document types (PLT-5, IAM-1, IAM-2). */

export const LEGAL_KINDS = ['terms', 'contract', 'privacy'] as const;
export type LegalKind = (typeof LEGAL_KINDS)[number];
export type LegalText = Selectable<LegalTextsTable> & { published_by_name: string | null };

export async function listLegalTexts(db: Kysely<TenantDb>): Promise<LegalText[]> {
  return db
    .selectFrom('legal_texts as l')
    .leftJoin('users as u', 'u.id', 'l.published_by')
    .selectAll('l')
    .select('u.name as published_by_name')
    .orderBy('l.kind')
    .orderBy('l.version', 'desc')
    .execute();
}

/**
 * Publishes the next version of a text; earlier versions stay (applications point at the one
 * they accepted). The (kind, version) unique key turns a concurrent publish into a retry.
 */
export async function publishLegalText(db: Kysely<TenantDb>, kind: LegalKind, input: { title: string; body: string; by: number }): Promise<number> {
  for (let attempt = 0; ; attempt++) {
    try {
      const row = await db
        .insertInto('legal_texts')
        .values({
          kind,
          version: (eb) => eb.selectFrom('legal_texts').select(sql<number>`coalesce(max(version), 0) + 1`.as('v')).where('kind', '=', kind),
          title: input.title,
          body: input.body,
          published_by: input.by,
        })
        .returning('version')
        .executeTakeFirstOrThrow();
      return row.version;
    } catch (err) {
      if ((err as { code?: string }).code !== '23505' || attempt >= 3) throw err;
    }
  }
}

export type DocumentType = Selectable<DocumentTypesTable>;

export async function listDocumentTypes(db: Kysely<TenantDb>): Promise<DocumentType[]> {
  return db.selectFrom('document_types').selectAll().orderBy('position').orderBy('id').execute();
}

export class DocumentTypeExists extends Error {}

/** A code is derived once from the English (else Turkish) name and never changes, so uploads keep their meaning after a rename. */
export function documentCode(name: string): string {
  const base = name
    .toLocaleLowerCase('tr')
    .replace(/[çğıöşü]/g, (ch) => ({ ç: 'c', ğ: 'g', ı: 'i', ö: 'o', ş: 's', ü: 'u' })[ch] ?? ch)
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[^a-z0-9]+/g, '_')
    .replace(/^_+|_+$/g, '')
    .slice(0, 40);
  return base || 'document';
}

export async function addDocumentType(db: Kysely<TenantDb>, input: { nameTr: string; nameEn: string; required: boolean }): Promise<DocumentType> {
  const code = documentCode(input.nameEn || input.nameTr);
  try {
    return await db
      .insertInto('document_types')
      .values({
        code,
        name_tr: input.nameTr,
        name_en: input.nameEn || input.nameTr,
        required: input.required,
        position: (eb) => eb.selectFrom('document_types').select(sql<number>`coalesce(max(position), 0) + 1`.as('p')),
      })
      .returningAll()
      .executeTakeFirstOrThrow();
  } catch (err) {
    if ((err as { code?: string }).code === '23505') throw new DocumentTypeExists();
    throw err;
  }
}

export async function updateDocumentType(
  db: Kysely<TenantDb>,
  id: number,
  input: { nameTr: string; nameEn: string; required: boolean; active: boolean },
): Promise<DocumentType | undefined> {
  return db
    .updateTable('document_types')
    .set({ name_tr: input.nameTr, name_en: input.nameEn || input.nameTr, required: input.required, active: input.active })
    .where('id', '=', id)
    .returningAll()
    .executeTakeFirst();
}

export async function findLegalText(db: Kysely<TenantDb>, id: number): Promise<LegalText | undefined> {
  return db
    .selectFrom('legal_texts as l')
    .leftJoin('users as u', 'u.id', 'l.published_by')
    .selectAll('l')
    .select('u.name as published_by_name')
    .where('l.id', '=', id)
    .executeTakeFirst();
}
