import { sql, type Kysely } from 'kysely';

/**
 * Pricing (issue 5, PRC-1…PRC-6): dealer segments, price lists (per segment or per dealer) with
 * entries and quantity tiers, campaigns, payment-method adjustments and daily exchange rates.
 * Money is integer minor units (bigint); percentages are numeric(5,2) read as exact strings.
 * Additive only. Runs with search_path pinned to the tenant schema.
 */
export async function up(db: Kysely<any>): Promise<void> {
  // PRC-1: a dealer belongs to at most one segment (Gold, Silver, New …).
  await sql`
    create table dealer_segments (
      id bigserial primary key,
      code text not null unique check (code <> ''),
      name text not null check (name <> ''),
      created_at timestamptz not null default now()
    )`.execute(db);
  await sql`alter table dealers add column segment_id bigint references dealer_segments(id) on delete set null`.execute(db);
  await sql`create index dealers_segment_idx on dealers (segment_id) where segment_id is not null`.execute(db);

  // PRC-1/PRC-2: a price list is for one segment or one dealer, in one currency, valid on
  // [valid_from, valid_to] (both inclusive; valid_to null = open-ended).
  await sql`
    create table price_lists (
      id bigserial primary key,
      name text not null check (name <> ''),
      currency char(3) not null check (currency ~ '^[A-Z]{3}$'),
      kind text not null check (kind in ('segment','dealer')),
      segment_id bigint references dealer_segments(id) on delete cascade,
      dealer_id bigint references dealers(id) on delete cascade,
      valid_from date not null,
      valid_to date,
      priority integer not null default 0,
      active boolean not null default true,
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now(),
      constraint price_lists_target check (
        (kind = 'segment' and segment_id is not null and dealer_id is null) or
        (kind = 'dealer' and dealer_id is not null and segment_id is null)),
      constraint price_lists_dates check (valid_to is null or valid_to >= valid_from)
    )`.execute(db);
  await sql`create index price_lists_dealer_idx on price_lists (dealer_id, priority desc, id) where kind = 'dealer'`.execute(db);
  await sql`create index price_lists_segment_idx on price_lists (segment_id, priority desc, id) where kind = 'segment'`.execute(db);

  // PRC-1/PRC-3: an entry is a fixed price (minor units of the list's currency) or a percentage off
  // the product's list price; quantity tiers are further entries with a higher min_qty.
  await sql`
    create table price_list_entries (
      id bigserial primary key,
      price_list_id bigint not null references price_lists(id) on delete cascade,
      product_id bigint not null references products(id) on delete cascade,
      min_qty integer not null default 1 check (min_qty >= 1),
      price bigint check (price >= 0),
      percent_off numeric(5,2) check (percent_off >= 0 and percent_off <= 100),
      constraint price_list_entries_one_kind check ((price is null) <> (percent_off is null)),
      constraint price_list_entries_key unique (price_list_id, product_id, min_qty)
    )`.execute(db);
  await sql`create index price_list_entries_product_idx on price_list_entries (product_id)`.execute(db);

  // PRC-3: campaigns run on [starts_at, ends_at] (dates, both inclusive). target: all dealers, one
  // segment, or the dealers in campaign_dealers; scope: all products, the products in
  // campaign_products, or the categories (and their subcategories) in campaign_categories.
  await sql`
    create table campaigns (
      id bigserial primary key,
      name text not null check (name <> ''),
      starts_at date not null,
      ends_at date not null,
      target text not null check (target in ('all','segment','dealers')),
      segment_id bigint references dealer_segments(id) on delete cascade,
      scope text not null default 'products' check (scope in ('all','products','categories')),
      percent_off numeric(5,2) check (percent_off > 0 and percent_off <= 100),
      amount_off bigint check (amount_off > 0),
      currency char(3) check (currency ~ '^[A-Z]{3}$'),
      min_qty integer not null default 1 check (min_qty >= 1),
      active boolean not null default true,
      created_at timestamptz not null default now(),
      constraint campaigns_one_kind check ((percent_off is null) <> (amount_off is null)),
      constraint campaigns_amount_currency check ((amount_off is null) = (currency is null)),
      constraint campaigns_segment check ((target = 'segment') = (segment_id is not null)),
      constraint campaigns_dates check (ends_at >= starts_at)
    )`.execute(db);
  await sql`create index campaigns_dates_idx on campaigns (starts_at, ends_at) where active`.execute(db);
  await sql`
    create table campaign_dealers (
      campaign_id bigint not null references campaigns(id) on delete cascade,
      dealer_id bigint not null references dealers(id) on delete cascade,
      primary key (campaign_id, dealer_id)
    )`.execute(db);
  await sql`create index campaign_dealers_dealer_idx on campaign_dealers (dealer_id)`.execute(db);
  await sql`
    create table campaign_products (
      campaign_id bigint not null references campaigns(id) on delete cascade,
      product_id bigint not null references products(id) on delete cascade,
      primary key (campaign_id, product_id)
    )`.execute(db);
  await sql`create index campaign_products_product_idx on campaign_products (product_id)`.execute(db);
  await sql`
    create table campaign_categories (
      campaign_id bigint not null references campaigns(id) on delete cascade,
      category_id bigint not null references categories(id) on delete cascade,
      primary key (campaign_id, category_id)
    )`.execute(db);

  // PRC-4: adjustment by payment method, per price list (null = the default, used for the list
  // price and for lists without their own row). percent < 0 is a discount.
  await sql`
    create table payment_adjustments (
      id bigserial primary key,
      price_list_id bigint references price_lists(id) on delete cascade,
      method text not null check (method in ('wire','open_account','prepayment','card','installments')),
      installments integer check (installments >= 2),
      percent numeric(5,2) not null check (percent > -100),
      constraint payment_adjustments_installments check ((method = 'installments') = (installments is not null))
    )`.execute(db);
  await sql`
    create unique index payment_adjustments_key
    on payment_adjustments (coalesce(price_list_id, 0), method, coalesce(installments, 0))`.execute(db);

  // PRC-2: rate = units of the seller's base currency per 1 unit of currency, kept per day.
  await sql`
    create table exchange_rates (
      currency char(3) not null check (currency ~ '^[A-Z]{3}$'),
      rate_date date not null,
      rate numeric(18,8) not null check (rate > 0),
      created_at timestamptz not null default now(),
      primary key (currency, rate_date)
    )`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const t of ['exchange_rates', 'payment_adjustments', 'campaign_categories', 'campaign_products', 'campaign_dealers', 'campaigns', 'price_list_entries', 'price_lists']) {
    await sql`drop table if exists ${sql.id(t)}`.execute(db);
  }
  await sql`alter table dealers drop column if exists segment_id`.execute(db);
  await sql`drop table if exists dealer_segments`.execute(db);
}
