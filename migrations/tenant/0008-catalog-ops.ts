import { sql, type Kysely } from 'kysely';

/**
 * Catalog operations (issue 4): stock movements and alerts (STK-1, STK-2), back-in-stock
 * subscriptions (CAT-7), spreadsheet imports (CAT-8), API keys (API-1) and pick/pack
 * scanning sessions (STK-3). Runs with search_path pinned to the tenant schema.
 */
export async function up(db: Kysely<any>): Promise<void> {
  // STK-1: every change of stock_qty leaves a movement row (who/what/why), written in the same
  // transaction as the conditional UPDATE that changes the quantity.
  await sql`
    create table stock_movements (
      id bigserial primary key,
      product_id bigint not null references products(id) on delete cascade,
      delta integer not null,
      qty_after integer not null,
      source text not null check (source in ('manual','import','api','pick','order','return','count')),
      note text not null default '',
      user_id bigint references users(id) on delete set null,
      api_key_id bigint,
      import_id bigint,
      created_at timestamptz not null default now()
    )`.execute(db);
  await sql`create index stock_movements_product_idx on stock_movements (product_id, id desc)`.execute(db);

  // STK-2: set when a low-stock alert went out; cleared when stock rises above the minimum again,
  // so one dip below the minimum sends one alert.
  await sql`alter table products add column low_stock_alerted_at timestamptz`.execute(db);
  await sql`create index products_low_stock_idx on products (id) where stock_qty - reserved_qty <= min_stock and min_stock > 0`.execute(db);

  // CAT-7: a dealer user asks to be told when a product is back; notified_at closes it.
  await sql`
    create table stock_subscriptions (
      id bigserial primary key,
      product_id bigint not null references products(id) on delete cascade,
      user_id bigint not null references users(id) on delete cascade,
      created_at timestamptz not null default now(),
      notified_at timestamptz
    )`.execute(db);
  await sql`create unique index stock_subscriptions_open_key on stock_subscriptions (product_id, user_id) where notified_at is null`.execute(db);

  // CAT-8: one row per uploaded file; progress counters are updated by the import job.
  await sql`
    create table import_runs (
      id bigserial primary key,
      kind text not null default 'products' check (kind in ('products','stock','prices')),
      status text not null default 'uploaded' check (status in ('uploaded','queued','running','done','failed')),
      storage_key text not null,
      original_name text not null,
      format text not null check (format in ('xlsx','csv')),
      encoding text not null default 'utf-8',
      mapping jsonb not null default '{}'::jsonb,
      total_rows integer not null default 0,
      processed_rows integer not null default 0,
      created_count integer not null default 0,
      updated_count integer not null default 0,
      unchanged_count integer not null default 0,
      rejected_count integer not null default 0,
      error text,
      created_by bigint references users(id) on delete set null,
      created_at timestamptz not null default now(),
      started_at timestamptz,
      finished_at timestamptz
    )`.execute(db);
  await sql`create index import_runs_created_idx on import_runs (id desc)`.execute(db);
  await sql`
    create table import_row_errors (
      import_id bigint not null references import_runs(id) on delete cascade,
      row_number integer not null,
      sku text not null default '',
      field text not null default '',
      reason text not null,
      raw jsonb not null default '{}'::jsonb,
      primary key (import_id, row_number, field)
    )`.execute(db);

  // API-1: the secret is shown once; only its SHA-256 is kept. prefix identifies the key in logs/UI.
  await sql`
    create table api_keys (
      id bigserial primary key,
      name text not null check (length(name) between 1 and 100),
      prefix text not null unique,
      secret_hash text not null,
      scopes text[] not null default '{}',
      created_by bigint references users(id) on delete set null,
      created_at timestamptz not null default now(),
      last_used_at timestamptz,
      revoked_at timestamptz,
      revoked_by bigint references users(id) on delete set null
    )`.execute(db);

  // STK-3: a scanning session; order_id links it to a confirmed order once orders exist.
  await sql`
    create table pick_sessions (
      id bigserial primary key,
      reference text not null default '',
      order_id bigint,
      status text not null default 'open' check (status in ('open','closed')),
      created_by bigint references users(id) on delete set null,
      created_at timestamptz not null default now(),
      closed_at timestamptz
    )`.execute(db);
  await sql`
    create table pick_lines (
      session_id bigint not null references pick_sessions(id) on delete cascade,
      product_id bigint not null references products(id) on delete restrict,
      expected_qty integer check (expected_qty >= 0),
      scanned_qty integer not null default 0 check (scanned_qty >= 0),
      updated_at timestamptz not null default now(),
      primary key (session_id, product_id)
    )`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop table pick_lines, pick_sessions, api_keys, import_row_errors, import_runs, stock_subscriptions, stock_movements`.execute(db);
  await sql`drop index products_low_stock_idx`.execute(db);
  await sql`alter table products drop column low_stock_alerted_at`.execute(db);
}
