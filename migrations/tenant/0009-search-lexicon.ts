import { sql, type Kysely } from 'kysely';
import { assertSchemaName } from '../../src/tenancy/schema-name.ts';

/**
 * Fast catalog search (CAT-5) and facets (CAT-6).
 *
 * 1. `search_lexicon`: every distinct folded, stemmed lexeme of the products' search documents
 *    (fts_tr and fts_en), with a trigram GIN index. Typo correction looks for close *words* here
 *    (a few thousand rows) and then runs the ordinary full-text query with the corrections, instead
 *    of computing a trigram similarity for every product. Kept by statement-level triggers on
 *    products (insert, and updates that change a search document), so every writer — staff UI,
 *    import, API, demo seed — feeds it without calling anything. Words are only added: a word
 *    whose last product went away stays and simply matches nothing (a correction to it finds no
 *    product, the next candidate still applies). No unique constraint on purpose: a unique
 *    index would make two transactions that add the same new word wait for each other (and,
 *    across several statements each, deadlock); instead a word is added when no committed row
 *    has it, so at worst two concurrent writers both add it — the search reads distinct words.
 *
 * 2. `catalog_versions`: one row whose `structure` counter is bumped by statement-level triggers
 *    on categories and attribute_definitions (insert, update, delete, truncate). The web process
 *    caches both per tenant and re-reads them only when the counter moved (src/catalog/catalog-cache.ts):
 *    one single-row read per request instead of two table reads. The counter is updated in the
 *    writer's transaction, so a reader never sees the new counter with the old rows.
 *
 * 3. Covering indexes for browsing and facets: a category page reads the columns facets count
 *    and the visibility filter from the index alone (index-only scan) instead of visiting every
 *    product row of the category, and attribute facets join attribute values by product id from
 *    an index that carries attribute and value.
 */
export async function up(db: Kysely<any>): Promise<void> {
  const { rows } = await sql<{ schema: string }>`select current_schema() as schema`.execute(db);
  const schema = assertSchemaName(rows[0]!.schema);

  await sql`create table search_lexicon (lexeme text collate "C" not null)`.execute(db);
  await sql`create index search_lexicon_lexeme_idx on search_lexicon (lexeme)`.execute(db);
  await sql`create index search_lexicon_trgm on search_lexicon using gin (lexeme extensions.gin_trgm_ops)`.execute(db);

  // Lexemes with at least one letter (part numbers and sizes are matched exactly or by SKU).
  await sql
    .raw(
      `create function catalog_lexicon_add() returns trigger
       language plpgsql set search_path = ${schema}, pg_catalog as $fn$
       begin
         if tg_op = 'INSERT' then
           insert into search_lexicon (lexeme)
           select distinct u.lexeme from new_rows n,
             lateral (select lexeme from unnest(n.fts_tr) union select lexeme from unnest(n.fts_en)) u
           where u.lexeme ~ '[[:alpha:]]' and length(u.lexeme) <= 60
             and not exists (select 1 from search_lexicon l where l.lexeme = u.lexeme);
         else
           insert into search_lexicon (lexeme)
           select distinct u.lexeme from new_rows n join old_rows o on o.id = n.id,
             lateral (select lexeme from unnest(n.fts_tr) union select lexeme from unnest(n.fts_en)) u
           where (n.fts_tr is distinct from o.fts_tr or n.fts_en is distinct from o.fts_en)
             and u.lexeme ~ '[[:alpha:]]' and length(u.lexeme) <= 60
             and not exists (select 1 from search_lexicon l where l.lexeme = u.lexeme);
         end if;
         return null;
       end $fn$`,
    )
    .execute(db);
  await sql`create trigger products_search_lexicon_ins after insert on products
    referencing new table as new_rows for each statement execute function catalog_lexicon_add()`.execute(db);
  await sql`create trigger products_search_lexicon_upd after update on products
    referencing old table as old_rows new table as new_rows for each statement execute function catalog_lexicon_add()`.execute(db);
  await sql`
    insert into search_lexicon (lexeme)
    select distinct u.lexeme from products p,
      lateral (select lexeme from unnest(p.fts_tr) union select lexeme from unnest(p.fts_en)) u
    where u.lexeme ~ '[[:alpha:]]' and length(u.lexeme) <= 60`.execute(db);

  await sql`
    create table catalog_versions (
      id boolean primary key default true check (id),
      structure bigint not null default 0
    )`.execute(db);
  await sql`insert into catalog_versions default values`.execute(db);
  await sql
    .raw(
      `create function catalog_bump_structure() returns trigger
       language plpgsql set search_path = ${schema}, pg_catalog as $fn$
       begin
         update catalog_versions set structure = structure + 1;
         return null;
       end $fn$`,
    )
    .execute(db);
  for (const table of ['categories', 'attribute_definitions']) {
    await sql`create trigger ${sql.id(`${table}_bump_version`)} after insert or update or delete or truncate on ${sql.id(table)}
      for each statement execute function catalog_bump_structure()`.execute(db);
  }

  await sql`
    create index products_browse_idx on products (category_id, name, id)
    include (active, hidden, availability, out_of_stock_behaviour, brand, country_of_origin, list_price, lead_time_days, backorder_extra_days)`.execute(db);
  await sql`create index product_attribute_values_facet_idx on product_attribute_values (product_id) include (attribute_id, value_text)`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop index product_attribute_values_facet_idx, products_browse_idx`.execute(db);
  await sql`drop trigger categories_bump_version on categories`.execute(db);
  await sql`drop trigger attribute_definitions_bump_version on attribute_definitions`.execute(db);
  await sql`drop function catalog_bump_structure()`.execute(db);
  await sql`drop table catalog_versions`.execute(db);
  await sql`drop trigger products_search_lexicon_ins on products`.execute(db);
  await sql`drop trigger products_search_lexicon_upd on products`.execute(db);
  await sql`drop function catalog_lexicon_add()`.execute(db);
  await sql`drop table search_lexicon`.execute(db);
}
