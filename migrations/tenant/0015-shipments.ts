import { sql, type Kysely } from 'kysely';

/**
 * Shipments per order (ORD-6/ORD-7 split shipments, SHP-2 groundwork) and pick sessions tied to
 * orders (STK-3). A shipment is a draft until it is marked shipped: drafts hold their quantities
 * (so two drafts never promise the same pieces), shipping books the stock out and adds to
 * order_lines.shipped_qty. Carrier and tracking columns are there for the shipping issue (SHP-3/4).
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    create table shipments (
      id bigserial primary key,
      order_id bigint not null references orders(id) on delete cascade,
      seq integer not null check (seq >= 1),
      -- Shown to people: the order number and the shipment's sequence, e.g. S0000123-2.
      number text not null unique,
      status text not null default 'draft' check (status in ('draft','shipped','delivered','cancelled')),
      carrier text not null default '',
      tracking_number text,
      tracking_url text,
      pick_session_id bigint references pick_sessions(id) on delete set null,
      shipped_at timestamptz,
      delivered_at timestamptz,
      cancelled_at timestamptz,
      created_by bigint references users(id) on delete set null,
      shipped_by bigint references users(id) on delete set null,
      created_at timestamptz not null default now(),
      unique (order_id, seq),
      constraint shipments_shipped_at check (status in ('draft','cancelled') or shipped_at is not null)
    )`.execute(db);
  await sql`create index shipments_status_idx on shipments (status, created_at desc)`.execute(db);
  await sql`
    create table shipment_lines (
      shipment_id bigint not null references shipments(id) on delete cascade,
      order_line_id bigint not null references order_lines(id) on delete cascade,
      qty integer not null check (qty > 0),
      primary key (shipment_id, order_line_id)
    )`.execute(db);
  await sql`create index shipment_lines_order_line_idx on shipment_lines (order_line_id)`.execute(db);
  // Never more shipped than ordered, whatever a writer does (the domain checks first, under the order lock).
  await sql`alter table order_lines add constraint order_lines_shipped_not_over check (shipped_qty <= qty)`.execute(db);
  // STK-3: one open pick session per order ("Start picking" reopens it).
  await sql`create unique index pick_sessions_open_order on pick_sessions (order_id) where status = 'open' and order_id is not null`.execute(db);
  await sql`create index pick_sessions_order_idx on pick_sessions (order_id) where order_id is not null`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop index pick_sessions_order_idx`.execute(db);
  await sql`drop index pick_sessions_open_order`.execute(db);
  await sql`alter table order_lines drop constraint order_lines_shipped_not_over`.execute(db);
  await sql`drop table shipment_lines, shipments`.execute(db);
}
