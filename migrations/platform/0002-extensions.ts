import { sql, type Kysely } from 'kysely';

/**
 * Extensions live in their own `extensions` schema, not in `public`: tenant SQL runs with
 * search_path `<tenant>, pg_catalog`, so nothing of the platform schema is reachable by an
 * unqualified name, and catalog code names every extension object schema-qualified
 * (`extensions.gin_trgm_ops`, `OPERATOR(extensions.<%)`, `extensions.unaccent(…)`).
 * pg_trgm: typo-tolerant search (CAT-5); unaccent: folding ç ğ ı ö ş ü å ø é… to ASCII.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`create schema if not exists extensions`.execute(db);
  await sql`create extension if not exists pg_trgm with schema extensions`.execute(db);
  await sql`create extension if not exists unaccent with schema extensions`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop extension if exists unaccent`.execute(db);
  await sql`drop extension if exists pg_trgm`.execute(db);
  await sql`drop schema if exists extensions`.execute(db);
}
