import { sql, type Kysely } from 'kysely';
import { assertSchemaName } from '../../src/tenancy/schema-name.ts';

/**
 * Catalog (CAT-1, CAT-2, CAT-4, CAT-5, CAT-6, CAT-7, STK-1/2 columns).
 *
 * Runs with search_path pinned to the tenant schema (src/db/migrate.ts), so unqualified names
 * land there; extension objects live in the `extensions` schema (platform 0002) and are always
 * named schema-qualified. The SQL functions use `begin atomic` bodies: PostgreSQL resolves every
 * name in them when they are created, so they behave the same whatever search_path a later
 * caller has (a pooled connection's default, or a transaction-local one).
 *
 * Search normal form ("fold"): Turkish dotted/dotless I mapped explicitly (lower() alone maps
 * I→i in non-Turkish locales and ı stays ı), then lower(), then unaccent (ç→c, ğ→g, ı→i, ö→o,
 * ş→s, ü→u, â→a, å→a, ø→o, é→e…). "isik", "IŞIK", "ışık" and "Işık" all fold to "isik".
 *
 * Stemming runs on the Turkish-lowercased original and only the resulting lexemes are folded:
 * the Turkish Snowball stemmer checks vowel harmony, so "isiklar" (already folded) would not
 * be stemmed while "ışıklar" → "ışık" → "isik" is. Queries go through the same path
 * (catalog_tsquery). Both a Turkish and an English document are stored; the search picks the
 * one matching the seller's catalog language.
 */
export async function up(db: Kysely<any>): Promise<void> {
  const { rows } = await sql<{ schema: string }>`select current_schema() as schema`.execute(db);
  const schema = assertSchemaName(rows[0]!.schema);

  await sql`
    create function catalog_fold(t text) returns text
    language sql immutable strict parallel safe
    begin atomic
      select extensions.unaccent('extensions.unaccent'::regdictionary, lower(translate(t, 'İI', 'ii')));
    end`.execute(db);

  await sql`
    create function catalog_lower(cfg regconfig, t text) returns text
    language sql immutable strict parallel safe
    begin atomic
      select case when cfg = 'turkish'::regconfig then lower(translate(t, 'Iİ', 'ıi')) else lower(t) end;
    end`.execute(db);

  // A lexeme as tsvector/tsquery input text: quoted, with quotes and backslashes (chr 92) doubled.
  await sql`
    create function catalog_quote_lexeme(t text) returns text
    language sql immutable strict parallel safe
    begin atomic
      select '''' || replace(replace(t, chr(92), chr(92) || chr(92)), '''', '''''') || '''';
    end`.execute(db);

  // Folds every lexeme and keeps its positions (setweight only weighs positions).
  await sql`
    create function catalog_fold_lexemes(v tsvector) returns tsvector
    language sql immutable strict parallel safe
    begin atomic
      select coalesce(string_agg(catalog_quote_lexeme(catalog_fold(u.lexeme)) || coalesce(':' || array_to_string(u.positions, ','), ''), ' '), '')::tsvector
      from unnest(v) as u(lexeme, positions, weights)
      where catalog_fold(u.lexeme) <> '';
    end`.execute(db);

  await sql`
    create function catalog_document(cfg regconfig, name text, brand text, attrs text, description text) returns tsvector
    language sql immutable parallel safe
    begin atomic
      select setweight(catalog_fold_lexemes(to_tsvector(cfg, catalog_lower(cfg, coalesce(name, '')))), 'A')
          || setweight(catalog_fold_lexemes(to_tsvector(cfg, catalog_lower(cfg, coalesce(brand, '') || ' ' || coalesce(attrs, '')))), 'B')
          || setweight(catalog_fold_lexemes(to_tsvector(cfg, catalog_lower(cfg, coalesce(description, '')))), 'C');
    end`.execute(db);

  // AND of the query's stemmed, folded words; empty (matches nothing) when no word survives.
  await sql`
    create function catalog_tsquery(cfg regconfig, q text) returns tsquery
    language sql immutable strict parallel safe
    begin atomic
      select coalesce(string_agg(catalog_quote_lexeme(u.lexeme), ' & '), '')::tsquery
      from unnest(catalog_fold_lexemes(to_tsvector(cfg, catalog_lower(cfg, q)))) as u(lexeme, positions, weights);
    end`.execute(db);

  await sql`
    create table categories (
      id bigserial primary key,
      parent_id bigint references categories(id) on delete restrict,
      position integer not null default 0,
      slug text not null check (slug ~ '^[a-z0-9]+(-[a-z0-9]+)*$' and length(slug) <= 80),
      name text not null check (length(name) between 1 and 200),
      description text not null default '',
      active boolean not null default true,
      search_text text generated always as (catalog_fold(name)) stored,
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now(),
      constraint categories_parent_slug_key unique nulls not distinct (parent_id, slug),
      constraint categories_not_own_parent check (parent_id is distinct from id)
    )`.execute(db);
  await sql`create index categories_parent_idx on categories (parent_id, position, id)`.execute(db);
  await sql`create index categories_search_trgm on categories using gin (search_text extensions.gin_trgm_ops)`.execute(db);

  await sql`
    create table attribute_definitions (
      id bigserial primary key,
      code text not null unique check (code ~ '^[a-z0-9_]{1,60}$'),
      name text not null,
      type text not null check (type in ('text','number','choice')),
      unit text not null default '',
      choices jsonb not null default '[]'::jsonb check (jsonb_typeof(choices) = 'array'),
      filterable boolean not null default false,
      variant_axis boolean not null default false,
      position integer not null default 0,
      created_at timestamptz not null default now()
    )`.execute(db);

  await sql`
    alter table products
      add column category_id bigint references categories(id) on delete set null,
      add column parent_id bigint references products(id) on delete cascade,
      add column variant_attributes jsonb not null default '{}'::jsonb,
      add column barcode text check (barcode ~ '^[0-9]{8,14}$'),
      add column brand text not null default '',
      add column manufacturer text not null default '',
      add column country_of_origin char(2) check (country_of_origin ~ '^[A-Z]{2}$'),
      add column short_description text not null default '',
      add column pieces_per_package integer check (pieces_per_package > 0),
      add column packages_per_pallet integer check (packages_per_pallet > 0),
      add column min_order_qty integer not null default 1 check (min_order_qty >= 1),
      add column order_multiple integer not null default 1 check (order_multiple >= 1),
      add column order_type text not null default 'stock' check (order_type in ('stock','mto','eto')),
      add column lead_time_days integer not null default 0 check (lead_time_days between 0 and 3650),
      add column weight_g integer check (weight_g >= 0),
      add column advantages text not null default '',
      add column technical_details text not null default '',
      add column custom_fields jsonb not null default '{}'::jsonb check (jsonb_typeof(custom_fields) = 'object'),
      add column hidden boolean not null default false,
      add column reserved_qty integer not null default 0 check (reserved_qty >= 0),
      add column min_stock integer not null default 0 check (min_stock >= 0),
      add column out_of_stock_behaviour text not null default 'backorder' check (out_of_stock_behaviour in ('hide','backorder','block')),
      add column backorder_extra_days integer not null default 0 check (backorder_extra_days between 0 and 3650),
      add column attr_text text not null default '',
      add constraint products_not_own_parent check (parent_id is distinct from id)`.execute(db);

  // Derived search columns. Generated columns cannot read each other, hence the repetition.
  await sql`
    alter table products
      add column sku_key text generated always as (regexp_replace(lower(sku), '[^a-z0-9]+', '', 'g')) stored,
      add column gtin14 text generated always as (lpad(barcode, 14, '0')) stored,
      add column search_text text generated always as (catalog_fold(name || ' ' || brand || ' ' || attr_text)) stored,
      add column fts_tr tsvector generated always as (
        catalog_document('turkish'::regconfig, name, brand || ' ' || manufacturer, attr_text, short_description || ' ' || description)) stored,
      add column fts_en tsvector generated always as (
        catalog_document('english'::regconfig, name, brand || ' ' || manufacturer, attr_text, short_description || ' ' || description)) stored,
      add column availability text generated always as (
        case when stock_qty - reserved_qty > 0 then 'in_stock'
             when out_of_stock_behaviour = 'backorder' then 'backorder'
             else 'out_of_stock' end) stored`.execute(db);

  await sql`create index products_sku_key_idx on products (sku_key text_pattern_ops)`.execute(db);
  await sql`create unique index products_gtin14_key on products (gtin14) where gtin14 is not null`.execute(db);
  await sql`create index products_search_trgm on products using gin (search_text extensions.gin_trgm_ops)`.execute(db);
  await sql`create index products_fts_tr_idx on products using gin (fts_tr)`.execute(db);
  await sql`create index products_fts_en_idx on products using gin (fts_en)`.execute(db);
  await sql`create index products_category_idx on products (category_id, name)`.execute(db);
  await sql`create index products_parent_idx on products (parent_id) where parent_id is not null`.execute(db);

  await sql`
    create table product_attribute_values (
      product_id bigint not null references products(id) on delete cascade,
      attribute_id bigint not null references attribute_definitions(id) on delete cascade,
      value_text text not null check (length(value_text) between 1 and 500),
      value_number numeric,
      primary key (product_id, attribute_id)
    )`.execute(db);
  await sql`create index product_attribute_values_attr_idx on product_attribute_values (attribute_id, value_text)`.execute(db);

  // products.attr_text feeds the search columns; it follows the attribute rows whatever writes
  // them (UI, import, API). Statement-level, so a bulk insert updates each product once.
  await sql
    .raw(
      `create function catalog_sync_attr_text() returns trigger
       language plpgsql set search_path = ${schema}, pg_catalog as $fn$
       begin
         update products p set attr_text = coalesce(
           (select string_agg(v.value_text, ' ' order by v.attribute_id) from product_attribute_values v where v.product_id = p.id), '')
         where p.id in (
           select product_id from changed_rows
         );
         return null;
       end $fn$`,
    )
    .execute(db);
  // One trigger per event: each names its transition table `changed_rows`.
  await sql`create trigger product_attribute_values_ins after insert on product_attribute_values
    referencing new table as changed_rows for each statement execute function catalog_sync_attr_text()`.execute(db);
  await sql`create trigger product_attribute_values_upd after update on product_attribute_values
    referencing new table as changed_rows for each statement execute function catalog_sync_attr_text()`.execute(db);
  await sql`create trigger product_attribute_values_del after delete on product_attribute_values
    referencing old table as changed_rows for each statement execute function catalog_sync_attr_text()`.execute(db);

  await sql`
    create table product_images (
      id bigserial primary key,
      product_id bigint not null references products(id) on delete cascade,
      storage_key text not null,
      alt text not null default '',
      width integer check (width > 0),
      height integer check (height > 0),
      position integer not null default 0,
      created_at timestamptz not null default now()
    )`.execute(db);
  await sql`create index product_images_product_idx on product_images (product_id, position, id)`.execute(db);

  await sql`
    create table product_documents (
      id bigserial primary key,
      product_id bigint not null references products(id) on delete cascade,
      kind text not null default 'other' check (kind in ('manual','spec_sheet','certificate','offer','other')),
      title text not null,
      storage_key text not null,
      original_name text not null,
      mime text not null,
      size bigint not null check (size >= 0),
      position integer not null default 0,
      created_at timestamptz not null default now()
    )`.execute(db);
  await sql`create index product_documents_product_idx on product_documents (product_id, position, id)`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop table product_documents, product_images, product_attribute_values`.execute(db);
  await sql`drop function catalog_sync_attr_text()`.execute(db);
  await sql`
    alter table products
      drop column availability, drop column fts_en, drop column fts_tr, drop column search_text, drop column gtin14,
      drop column sku_key, drop column attr_text, drop column backorder_extra_days, drop column out_of_stock_behaviour,
      drop column min_stock, drop column reserved_qty, drop column hidden, drop column custom_fields,
      drop column technical_details, drop column advantages, drop column weight_g, drop column lead_time_days,
      drop column order_type, drop column order_multiple, drop column min_order_qty, drop column packages_per_pallet,
      drop column pieces_per_package, drop column short_description, drop column country_of_origin,
      drop column manufacturer, drop column brand, drop column barcode, drop column variant_attributes,
      drop column parent_id, drop column category_id`.execute(db);
  await sql`drop table attribute_definitions, categories`.execute(db);
  await sql`drop function catalog_tsquery(regconfig, text), catalog_document(regconfig, text, text, text, text),
    catalog_fold_lexemes(tsvector), catalog_quote_lexeme(text), catalog_lower(regconfig, text), catalog_fold(text)`.execute(db);
}
