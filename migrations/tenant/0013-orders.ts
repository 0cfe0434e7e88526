import { sql, type Kysely } from 'kysely';

/**
 * Carts, orders, approvals and credit (issue 6: ORD-1…ORD-11, APR-1…APR-4, FIN-1/2/4).
 * Money is integer minor units (bigint) in the order's currency; every order line freezes the
 * resolved price breakdown (PRC-6) it was sold at. Additive only.
 */
export async function up(db: Kysely<any>): Promise<void> {
  // FIN-1/FIN-2: settlement terms and credit per dealer. The row is the lock every order
  // submission of the dealer takes (select … for update) so concurrent orders never push the
  // exposure over the limit.
  await sql`
    create table dealer_accounts (
      dealer_id bigint primary key references dealers(id) on delete cascade,
      settlement text not null default 'open_account' check (settlement in ('open_account','prepayment')),
      credit_limit bigint not null default 0 check (credit_limit >= 0),
      currency char(3) not null check (currency ~ '^[A-Z]{3}$'),
      payment_term_days integer not null default 30 check (payment_term_days between 0 and 365),
      payment_methods text[] not null default '{open_account}',
      over_limit text not null default 'block' check (over_limit in ('block','review')),
      updated_at timestamptz not null default now()
    )`.execute(db);

  // ORD-4: seller-defined shipping methods (the shipping issue adds carriers and tracking).
  await sql`
    create table shipping_methods (
      id bigserial primary key,
      code text not null unique check (code <> ''),
      name text not null check (name <> ''),
      price bigint not null default 0 check (price >= 0),
      currency char(3) not null check (currency ~ '^[A-Z]{3}$'),
      free_from bigint check (free_from >= 0),
      vat_rate integer not null default 20 check (vat_rate between 0 and 100),
      active boolean not null default true,
      sort integer not null default 0,
      created_at timestamptz not null default now()
    )`.execute(db);

  // ORD-1: several named carts per user; a shared cart is visible to every user of the dealer;
  // kind 'list' is a saved list (never checked out, copied into a cart).
  await sql`
    create table carts (
      id bigserial primary key,
      dealer_id bigint not null references dealers(id) on delete cascade,
      owner_id bigint not null references users(id) on delete cascade,
      name text not null check (name <> ''),
      kind text not null default 'cart' check (kind in ('cart','list')),
      shared boolean not null default false,
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now()
    )`.execute(db);
  await sql`create index carts_dealer_idx on carts (dealer_id, updated_at desc)`.execute(db);
  await sql`
    create table cart_lines (
      cart_id bigint not null references carts(id) on delete cascade,
      product_id bigint not null references products(id) on delete cascade,
      qty integer not null check (qty between 1 and 1000000),
      added_at timestamptz not null default now(),
      primary key (cart_id, product_id)
    )`.execute(db);
  await sql`create table user_active_carts (user_id bigint primary key references users(id) on delete cascade, cart_id bigint not null references carts(id) on delete cascade)`.execute(db);

  // ORD-5…ORD-11: the order. Status changes only through src/orders/status.ts (one function,
  // history row per change). invoiced_at freezes billing data and prices (ORD-11).
  await sql`
    create table orders (
      id bigserial primary key,
      -- Order number shown to people: S0000123 (per seller, from the id; no gaps matter).
      number text generated always as ('S' || lpad(id::text, 7, '0')) stored unique,
      dealer_id bigint not null references dealers(id),
      user_id bigint references users(id) on delete set null,
      status text not null check (status in ('awaiting_approval','credit_review','awaiting_payment','placed','confirmed','preparing','partly_shipped','shipped','delivered','completed','cancelled')),
      idempotency_key text not null,
      -- Where an order awaiting approval goes once the last level approves (decided at submission:
      -- credit review, waiting for prepayment, or placed).
      after_approval text check (after_approval in ('placed','credit_review','awaiting_payment')),
      cart_name text not null default '',
      currency char(3) not null check (currency ~ '^[A-Z]{3}$'),
      priced_on date not null,
      payment_method text not null check (payment_method in ('wire','open_account','prepayment','card','installments')),
      installments integer check (installments >= 2),
      shipping_method_id bigint references shipping_methods(id) on delete set null,
      shipping_address jsonb not null default '{}'::jsonb,
      billing jsonb not null default '{}'::jsonb,
      requested_date date,
      note text not null default '',
      po_number text not null default '',
      lines_net bigint not null default 0,
      shipping_net bigint not null default 0,
      vat_total bigint not null default 0,
      total_gross bigint not null default 0,
      paid_gross bigint not null default 0 check (paid_gross >= 0),
      vat_by_rate jsonb not null default '[]'::jsonb,
      flags text[] not null default '{}',
      cancel_reason text not null default '',
      invoiced_at timestamptz,
      placed_at timestamptz,
      confirmed_at timestamptz,
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now(),
      constraint orders_idempotency unique (dealer_id, idempotency_key),
      constraint orders_installments check ((payment_method = 'installments') = (installments is not null))
    )`.execute(db);
  await sql`create index orders_dealer_idx on orders (dealer_id, created_at desc)`.execute(db);
  await sql`create index orders_status_idx on orders (status, created_at desc)`.execute(db);
  // Exposure (FIN-2) sums the dealer's open orders; a partial index keeps it small.
  await sql`create index orders_exposure_idx on orders (dealer_id) include (currency, total_gross, paid_gross) where status <> 'cancelled'`.execute(db);

  await sql`
    create table order_lines (
      id bigserial primary key,
      order_id bigint not null references orders(id) on delete cascade,
      line_no integer not null,
      product_id bigint not null references products(id),
      sku text not null,
      name text not null,
      unit text not null default '',
      qty integer not null check (qty >= 1),
      reserved_qty integer not null default 0 check (reserved_qty >= 0),
      prepared_qty integer not null default 0 check (prepared_qty >= 0),
      shipped_qty integer not null default 0 check (shipped_qty >= 0),
      vat_rate integer not null check (vat_rate between 0 and 100),
      unit_net bigint not null check (unit_net >= 0),
      unit_gross bigint not null check (unit_gross >= 0),
      list_unit_net bigint not null check (list_unit_net >= 0),
      line_net bigint not null check (line_net >= 0),
      line_gross bigint not null check (line_gross >= 0),
      breakdown jsonb not null default '{}'::jsonb,
      unique (order_id, line_no)
    )`.execute(db);
  await sql`create index order_lines_product_idx on order_lines (product_id)`.execute(db);

  await sql`
    create table order_status_history (
      id bigserial primary key,
      order_id bigint not null references orders(id) on delete cascade,
      from_status text,
      to_status text not null,
      actor_user_id bigint references users(id) on delete set null,
      actor text not null default 'user' check (actor in ('user','staff','system')),
      note text not null default '',
      created_at timestamptz not null default now()
    )`.execute(db);
  await sql`create index order_status_history_order_idx on order_status_history (order_id, id)`.execute(db);

  // APR-1: the dealer admin's purchasing policy. A rule matches an order by amount, by the
  // ordering user or role, or by category; levels = 1 or 2 approvals in sequence.
  await sql`
    create table approval_rules (
      id bigserial primary key,
      dealer_id bigint not null references dealers(id) on delete cascade,
      name text not null check (name <> ''),
      kind text not null check (kind in ('amount_over','users','roles','categories')),
      amount bigint check (amount >= 0),
      currency char(3) check (currency ~ '^[A-Z]{3}$'),
      user_ids bigint[] not null default '{}',
      roles text[] not null default '{}',
      category_ids bigint[] not null default '{}',
      levels integer not null default 1 check (levels between 1 and 2),
      approver_ids bigint[] not null default '{}',
      active boolean not null default true,
      created_at timestamptz not null default now(),
      constraint approval_rules_amount check ((kind = 'amount_over') = (amount is not null and currency is not null))
    )`.execute(db);
  await sql`create index approval_rules_dealer_idx on approval_rules (dealer_id) where active`.execute(db);

  // APR-2/APR-3: one row per approval step of an order; decisions record the TOTP time step.
  await sql`
    create table order_approvals (
      id bigserial primary key,
      order_id bigint not null references orders(id) on delete cascade,
      level integer not null check (level between 1 and 2),
      rule_ids bigint[] not null default '{}',
      status text not null default 'pending' check (status in ('pending','approved','rejected','withdrawn')),
      decided_by bigint references users(id) on delete set null,
      decided_at timestamptz,
      totp_step bigint,
      note text not null default '',
      reminded_at timestamptz,
      escalated_at timestamptz,
      created_at timestamptz not null default now(),
      unique (order_id, level)
    )`.execute(db);
  await sql`create index order_approvals_pending_idx on order_approvals (created_at) where status = 'pending'`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const t of ['order_approvals', 'approval_rules', 'order_status_history', 'order_lines', 'orders', 'user_active_carts', 'cart_lines', 'carts', 'shipping_methods', 'dealer_accounts']) {
    await sql`drop table if exists ${sql.id(t)}`.execute(db);
  }
}
