import type { Kysely } from 'kysely';
import type { TenantDb } from '../db/types.ts';

/** Runs `fn` in a transaction, joining the caller's when there is one (Kysely has no nested transactions). */
export function inTransaction<T>(db: Kysely<TenantDb>, fn: (trx: Kysely<TenantDb>) => Promise<T>): Promise<T> {
  return db.isTransaction ? fn(db) : db.transaction().execute(fn);
}
