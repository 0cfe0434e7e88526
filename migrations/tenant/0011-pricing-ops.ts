import { sql, type Kysely } from 'kysely';

/**
 * Pricing operations (issue 5, PRC-1/PRC-2): the currency a dealer is invoiced in (null = the
 * seller's base currency, setting `pricing.baseCurrency`), and price-list imports through the
 * import pipeline (CAT-8): import_runs of kind 'price_list' name the list they fill.
 * Additive only.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`alter table dealers add column invoice_currency char(3) check (invoice_currency ~ '^[A-Z]{3}$')`.execute(db);
  await sql`alter table import_runs drop constraint if exists import_runs_kind_check`.execute(db);
  await sql`alter table import_runs add constraint import_runs_kind_check check (kind in ('products','stock','prices','price_list'))`.execute(db);
  await sql`alter table import_runs add column price_list_id bigint references price_lists(id) on delete cascade`.execute(db);
  await sql`alter table import_runs add constraint import_runs_price_list check ((kind = 'price_list') = (price_list_id is not null))`.execute(db);
  await sql`alter table price_lists add column note text not null default ''`.execute(db);
  await sql`alter table campaigns add column note text not null default ''`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`alter table campaigns drop column if exists note`.execute(db);
  await sql`alter table price_lists drop column if exists note`.execute(db);
  await sql`alter table import_runs drop constraint if exists import_runs_price_list`.execute(db);
  await sql`alter table import_runs drop column if exists price_list_id`.execute(db);
  await sql`alter table dealers drop column if exists invoice_currency`.execute(db);
}
