import type { ColumnType, Generated } from 'kysely';

/** Tables of the `public` schema: the platform's own data, never a tenant's business data. */
export interface TenantsTable {
  id: Generated<number>;
  slug: string;
  schema_name: string;
  display_name: string;
  status: 'provisioning' | 'active' | 'suspended';
  custom_domain: string | null;
  custom_domain_verified: Generated<boolean>;
  default_locale: Generated<'tr' | 'en'>;
  time_zone: Generated<string>;
  primary_color: string | null;
  created_at: ColumnType<Date, never, never>;
  updated_at: ColumnType<Date, never, Date>;
}

export interface PlatformDb {
  tenants: TenantsTable;
}

/** Tables of one tenant schema (`t_<id>`). Later issues add their tables here. */
export interface TenantSettingsTable {
  key: string;
  value: unknown;
  updated_at: ColumnType<Date, never, Date>;
}

export interface ProductsTable {
  id: Generated<number>;
  sku: string;
  name: string;
  description: string;
  unit: string;
  list_price: number;
  currency: string;
  vat_rate: number;
  stock_qty: number;
  active: Generated<boolean>;
  created_at: ColumnType<Date, never, never>;
  updated_at: ColumnType<Date, never, Date>;
  // Catalog (migrations/tenant/0007-catalog.ts).
  category_id: number | null;
  parent_id: number | null;
  variant_attributes: ColumnType<Record<string, string>, string | undefined, string>;
  barcode: string | null;
  brand: Generated<string>;
  manufacturer: Generated<string>;
  country_of_origin: string | null;
  short_description: Generated<string>;
  pieces_per_package: number | null;
  packages_per_pallet: number | null;
  min_order_qty: Generated<number>;
  order_multiple: Generated<number>;
  order_type: Generated<ProductOrderType>;
  lead_time_days: Generated<number>;
  weight_g: number | null;
  advantages: Generated<string>;
  technical_details: Generated<string>;
  custom_fields: ColumnType<Record<string, string>, string | undefined, string>;
  hidden: Generated<boolean>;
  reserved_qty: Generated<number>;
  min_stock: Generated<number>;
  out_of_stock_behaviour: Generated<OutOfStockBehaviour>;
  backorder_extra_days: Generated<number>;
  /** Maintained by a trigger on product_attribute_values; feeds the search columns. */
  attr_text: ColumnType<string, never, never>;
  sku_key: ColumnType<string, never, never>;
  gtin14: ColumnType<string | null, never, never>;
  search_text: ColumnType<string, never, never>;
  fts_tr: ColumnType<string, never, never>;
  fts_en: ColumnType<string, never, never>;
  availability: ColumnType<Availability, never, never>;
  /** STK-2: when the last low-stock alert went out; null once stock is above the minimum again. */
  low_stock_alerted_at: Date | null;
}

export type ProductOrderType = 'stock' | 'mto' | 'eto';
export type OutOfStockBehaviour = 'hide' | 'backorder' | 'block';
export type Availability = 'in_stock' | 'backorder' | 'out_of_stock';
export type AttributeType = 'text' | 'number' | 'choice';

export interface CategoriesTable {
  id: Generated<number>;
  parent_id: number | null;
  position: Generated<number>;
  slug: string;
  name: string;
  description: Generated<string>;
  active: Generated<boolean>;
  search_text: ColumnType<string, never, never>;
  created_at: ColumnType<Date, never, never>;
  updated_at: ColumnType<Date, never, Date>;
}

export interface AttributeDefinitionsTable {
  id: Generated<number>;
  code: string;
  name: string;
  type: AttributeType;
  unit: Generated<string>;
  choices: ColumnType<string[], string | undefined, string>;
  filterable: Generated<boolean>;
  variant_axis: Generated<boolean>;
  position: Generated<number>;
  created_at: ColumnType<Date, never, never>;
}

export interface ProductAttributeValuesTable {
  product_id: number;
  attribute_id: number;
  value_text: string;
  /** numeric arrives as a string (exact); null for text and choice attributes. */
  value_number: string | null;
}

export interface ProductImagesTable {
  id: Generated<number>;
  product_id: number;
  storage_key: string;
  alt: Generated<string>;
  width: number | null;
  height: number | null;
  position: Generated<number>;
  created_at: ColumnType<Date, never, never>;
}

export interface ProductDocumentsTable {
  id: Generated<number>;
  product_id: number;
  kind: Generated<'manual' | 'spec_sheet' | 'certificate' | 'offer' | 'other'>;
  title: string;
  storage_key: string;
  original_name: string;
  mime: string;
  size: number;
  position: Generated<number>;
  created_at: ColumnType<Date, never, never>;
}

export type NotificationStatus = 'pending' | 'sending' | 'sent' | 'failed';

export interface NotificationsTable {
  id: Generated<number>;
  channel: Generated<'email'>;
  template: string;
  locale: 'tr' | 'en';
  recipient: string;
  subject: string;
  body_text: string;
  body_html: string;
  payload: ColumnType<unknown, string, string>;
  status: Generated<NotificationStatus>;
  attempts: Generated<number>;
  last_error: string | null;
  next_attempt_at: ColumnType<Date, Date | undefined, Date>;
  created_at: ColumnType<Date, never, never>;
  sent_at: Date | null;
}

type Created = ColumnType<Date, never, never>;
type Touched = ColumnType<Date, never, Date>;

export interface DealersTable {
  id: Generated<number>;
  code: string;
  company_name: string;
  trade_name: Generated<string>;
  tax_office: Generated<string>;
  tax_number: Generated<string>;
  sector: Generated<string>;
  employee_count: number | null;
  annual_turnover: number | null;
  phone: Generated<string>;
  email: Generated<string>;
  status: Generated<'active' | 'blocked'>;
  sales_rep_id: number | null;
  application_id: number | null;
  created_at: Created;
  updated_at: Touched;
  /** 0003-onboarding. */
  blocked_reason: Generated<string | null>;
  /** 0010-pricing (PRC-1): the dealer's segment, if any. */
  segment_id: Generated<number | null>;
  /** 0011-pricing-ops (PRC-2): invoice currency; null = the seller's base currency. */
  invoice_currency: Generated<string | null>;
}

export type UserKind = 'staff' | 'dealer';
export type UserStatus = 'invited' | 'active' | 'blocked';

export interface UsersTable {
  id: Generated<number>;
  kind: UserKind;
  dealer_id: number | null;
  email: string;
  name: string;
  role: string;
  permissions: ColumnType<string[], string[] | undefined, string[]>;
  status: Generated<UserStatus>;
  blocked_reason: string | null;
  password_hash: string | null;
  totp_secret: string | null;
  totp_enabled_at: Date | null;
  totp_last_step: number | null;
  locale: Generated<'tr' | 'en'>;
  created_at: Created;
  updated_at: Touched;
}

export interface SessionsTable {
  id: string;
  secret_hash: Uint8Array;
  user_id: number;
  two_factor_verified: Generated<boolean>;
  fresh_totp_at: Date | null;
  acting_dealer_id: number | null;
  ip: Generated<string>;
  user_agent: Generated<string>;
  created_at: Created;
  last_seen_at: ColumnType<Date, Date | undefined, Date>;
  expires_at: Date;
}

export interface RecoveryCodesTable {
  id: Generated<number>;
  user_id: number;
  code_hash: string;
  used_at: Date | null;
}

export interface AuthTokensTable {
  id: Generated<number>;
  user_id: number;
  purpose: 'invite' | 'reset' | 'email_change' | 'handoff';
  token_hash: string;
  data: ColumnType<Record<string, unknown>, string | undefined, string>;
  expires_at: Date;
  used_at: Date | null;
  created_at: Created;
}

export interface DelegationsTable {
  id: Generated<number>;
  dealer_id: number;
  from_user_id: number;
  to_user_id: number;
  until: Date;
  status: Generated<'active' | 'expired' | 'revoked'>;
  created_by: number | null;
  created_at: Created;
  ended_at: Date | null;
  /** 0005-dealer-users: the window is [starts_at, until); the rights lent; reminder sent once. */
  starts_at: ColumnType<Date, Date | undefined, Date>;
  permissions: ColumnType<string[], string[] | undefined, string[]>;
  note: Generated<string>;
  reminded_at: Date | null;
}

export interface AddressesTable {
  id: Generated<number>;
  dealer_id: number;
  kind: 'billing' | 'shipping';
  label: string;
  line1: string;
  line2: Generated<string>;
  district: Generated<string>;
  city: string;
  postal_code: Generated<string>;
  country: Generated<string>;
  phone: Generated<string>;
  is_default: Generated<boolean>;
  created_at: Created;
}

export interface LegalTextsTable {
  id: Generated<number>;
  kind: 'terms' | 'contract' | 'privacy';
  version: number;
  title: string;
  body: string;
  published_at: Generated<Date>;
  published_by: number | null;
}

export interface DocumentTypesTable {
  id: Generated<number>;
  code: string;
  name_tr: string;
  name_en: string;
  required: Generated<boolean>;
  active: Generated<boolean>;
  position: Generated<number>;
}

export type ApplicationStatus = 'draft' | 'submitted' | 'more_documents' | 'approved' | 'rejected';

export interface PostalAddress {
  line1?: string;
  line2?: string;
  district?: string;
  city?: string;
  postal_code?: string;
  country?: string;
}

export interface ApplicationsTable {
  id: Generated<number>;
  public_token_hash: string;
  status: Generated<ApplicationStatus>;
  company_name: Generated<string>;
  trade_name: Generated<string>;
  tax_office: Generated<string>;
  tax_number: Generated<string>;
  sector: Generated<string>;
  employee_count: number | null;
  annual_turnover: number | null;
  phone: Generated<string>;
  email: Generated<string>;
  contact_name: Generated<string>;
  billing_address: ColumnType<PostalAddress, string | undefined, string>;
  shipping_address: ColumnType<PostalAddress, string | undefined, string>;
  terms_id: number | null;
  contract_id: number | null;
  accepted_at: Date | null;
  review_note: string | null;
  reviewed_by: number | null;
  reviewed_at: Date | null;
  dealer_id: number | null;
  created_at: Created;
  submitted_at: Date | null;
  updated_at: Touched;
  /** 0003-onboarding: document type codes a reviewer asked for, and since when. */
  requested_documents: ColumnType<string[], string[] | undefined, string[]>;
  documents_requested_at: Date | null;
  /** 0003-onboarding: the public link (draft or upload) stops working after this. */
  token_expires_at: Date | null;
  /** 0003-onboarding: the applicant's language, for the mails that follow. */
  locale: Generated<'tr' | 'en'>;
}

export interface ApplicationDocumentsTable {
  id: Generated<number>;
  application_id: number;
  document_type: string;
  original_name: string;
  storage_key: string;
  mime: string;
  size: number;
  uploaded_at: Generated<Date>;
}

export interface AuditLogTable {
  id: Generated<number>;
  at: Generated<Date>;
  action: string;
  actor_user_id: number | null;
  actor_label: Generated<string>;
  impersonator_user_id: number | null;
  dealer_id: number | null;
  target_type: string | null;
  target_id: string | null;
  ip: Generated<string>;
  details: ColumnType<Record<string, unknown>, string | undefined, never>;
}

export interface TenantDb {
  settings: TenantSettingsTable;
  products: ProductsTable;
  categories: CategoriesTable;
  attribute_definitions: AttributeDefinitionsTable;
  product_attribute_values: ProductAttributeValuesTable;
  product_images: ProductImagesTable;
  product_documents: ProductDocumentsTable;
  notifications: NotificationsTable;
  dealers: DealersTable;
  users: UsersTable;
  sessions: SessionsTable;
  recovery_codes: RecoveryCodesTable;
  auth_tokens: AuthTokensTable;
  delegations: DelegationsTable;
  addresses: AddressesTable;
  legal_texts: LegalTextsTable;
  document_types: DocumentTypesTable;
  applications: ApplicationsTable;
  application_documents: ApplicationDocumentsTable;
  audit_log: AuditLogTable;
  stock_movements: StockMovementsTable;
  stock_subscriptions: StockSubscriptionsTable;
  import_runs: ImportRunsTable;
  import_row_errors: ImportRowErrorsTable;
  api_keys: ApiKeysTable;
  pick_sessions: PickSessionsTable;
  pick_lines: PickLinesTable;
  search_lexicon: SearchLexiconTable;
  catalog_versions: CatalogVersionsTable;
  dealer_segments: DealerSegmentsTable;
  price_lists: PriceListsTable;
  price_list_entries: PriceListEntriesTable;
  campaigns: CampaignsTable;
  campaign_dealers: CampaignDealersTable;
  campaign_products: CampaignProductsTable;
  campaign_categories: CampaignCategoriesTable;
  payment_adjustments: PaymentAdjustmentsTable;
  exchange_rates: ExchangeRatesTable;
  dealer_accounts: DealerAccountsTable;
  shipping_methods: ShippingMethodsTable;
  carts: CartsTable;
  cart_lines: CartLinesTable;
  user_active_carts: UserActiveCartsTable;
  orders: OrdersTable;
  order_lines: OrderLinesTable;
  order_status_history: OrderStatusHistoryTable;
  approval_rules: ApprovalRulesTable;
  order_approvals: OrderApprovalsTable;
}

// Search lexicon and catalog structure version (migrations/tenant/0009-search-lexicon.ts).
export interface SearchLexiconTable {
  lexeme: string;
}
export interface CatalogVersionsTable {
  id: Generated<boolean>;
  structure: ColumnType<string, never, string>;
}

// Catalog operations (migrations/tenant/0008-catalog-ops.ts).
export type StockMovementSource = 'manual' | 'import' | 'api' | 'pick' | 'order' | 'return' | 'count';
export interface StockMovementsTable {
  id: Generated<number>;
  product_id: number;
  delta: number;
  qty_after: number;
  source: StockMovementSource;
  note: Generated<string>;
  user_id: number | null;
  api_key_id: number | null;
  import_id: number | null;
  created_at: ColumnType<Date, never, never>;
}

export interface StockSubscriptionsTable {
  id: Generated<number>;
  product_id: number;
  user_id: number;
  created_at: ColumnType<Date, never, never>;
  notified_at: Date | null;
}

export type ImportKind = 'products' | 'stock' | 'prices' | 'price_list';
export type ImportStatus = 'uploaded' | 'queued' | 'running' | 'done' | 'failed';
export interface ImportRunsTable {
  id: Generated<number>;
  kind: Generated<ImportKind>;
  status: Generated<ImportStatus>;
  storage_key: string;
  original_name: string;
  format: 'xlsx' | 'csv';
  encoding: Generated<string>;
  mapping: ColumnType<Record<string, string>, string | undefined, string>;
  total_rows: Generated<number>;
  processed_rows: Generated<number>;
  created_count: Generated<number>;
  updated_count: Generated<number>;
  unchanged_count: Generated<number>;
  rejected_count: Generated<number>;
  error: string | null;
  created_by: number | null;
  created_at: ColumnType<Date, never, never>;
  started_at: Date | null;
  finished_at: Date | null;
  /** 0011-pricing-ops: the list a 'price_list' import fills. */
  price_list_id: Generated<number | null>;
}

export interface ImportRowErrorsTable {
  import_id: number;
  row_number: number;
  sku: Generated<string>;
  field: Generated<string>;
  reason: string;
  raw: ColumnType<Record<string, unknown>, string | undefined, string>;
}

export interface ApiKeysTable {
  id: Generated<number>;
  name: string;
  prefix: string;
  secret_hash: string;
  scopes: ColumnType<string[], string[] | undefined, string[]>;
  created_by: number | null;
  created_at: ColumnType<Date, never, never>;
  last_used_at: Date | null;
  revoked_at: Date | null;
  revoked_by: number | null;
}

export interface PickSessionsTable {
  id: Generated<number>;
  reference: Generated<string>;
  order_id: number | null;
  status: Generated<'open' | 'closed'>;
  created_by: number | null;
  created_at: ColumnType<Date, never, never>;
  closed_at: Date | null;
}

export interface PickLinesTable {
  session_id: number;
  product_id: number;
  expected_qty: number | null;
  scanned_qty: Generated<number>;
  updated_at: ColumnType<Date, never, Date>;
}

// Pricing (migrations/tenant/0010-pricing.ts, PRC-1…PRC-6). Money columns are integer minor units;
// numeric columns (percentages, rates) arrive as exact strings; date columns are written as
// 'YYYY-MM-DD' strings (read them with ::text to avoid time-zone shifts).
type DateCol = ColumnType<Date, string, string>;
type NullableDateCol = ColumnType<Date | null, string | null | undefined, string | null>;

export interface DealerSegmentsTable {
  id: Generated<number>;
  code: string;
  name: string;
  created_at: ColumnType<Date, never, never>;
}

export type PriceListKind = 'segment' | 'dealer';
export interface PriceListsTable {
  id: Generated<number>;
  name: string;
  currency: string;
  kind: PriceListKind;
  segment_id: number | null;
  dealer_id: number | null;
  valid_from: DateCol;
  valid_to: NullableDateCol;
  priority: Generated<number>;
  active: Generated<boolean>;
  created_at: ColumnType<Date, never, never>;
  updated_at: ColumnType<Date, never, Date>;
  /** 0011-pricing-ops: staff note. */
  note: Generated<string>;
}

export interface PriceListEntriesTable {
  id: Generated<number>;
  price_list_id: number;
  product_id: number;
  min_qty: Generated<number>;
  /** Fixed unit price in minor units of the list's currency; or null when percent_off is set. */
  price: number | null;
  /** numeric(5,2) as an exact string, e.g. '33.33'; off the product's list price. */
  percent_off: ColumnType<string | null, string | null | undefined, string | null>;
}

export type CampaignTarget = 'all' | 'segment' | 'dealers';
export type CampaignScope = 'all' | 'products' | 'categories';
export interface CampaignsTable {
  id: Generated<number>;
  name: string;
  starts_at: DateCol;
  ends_at: DateCol;
  target: CampaignTarget;
  segment_id: number | null;
  scope: Generated<CampaignScope>;
  percent_off: ColumnType<string | null, string | null | undefined, string | null>;
  amount_off: number | null;
  currency: string | null;
  min_qty: Generated<number>;
  active: Generated<boolean>;
  created_at: ColumnType<Date, never, never>;
  /** 0011-pricing-ops: staff note. */
  note: Generated<string>;
}
export interface CampaignDealersTable {
  campaign_id: number;
  dealer_id: number;
}
export interface CampaignProductsTable {
  campaign_id: number;
  product_id: number;
}
export interface CampaignCategoriesTable {
  campaign_id: number;
  category_id: number;
}

export type PaymentMethod = 'wire' | 'open_account' | 'prepayment' | 'card' | 'installments';
export interface PaymentAdjustmentsTable {
  id: Generated<number>;
  price_list_id: number | null;
  method: PaymentMethod;
  installments: number | null;
  /** numeric(5,2) as an exact string; negative = discount. */
  percent: ColumnType<string, string, string>;
}

export interface ExchangeRatesTable {
  currency: string;
  rate_date: DateCol;
  /** numeric(18,8) as an exact string: units of the seller's base currency per 1 unit. */
  rate: ColumnType<string, string, string>;
  created_at: ColumnType<Date, never, never>;
}

// Orders (migrations/tenant/0013-orders.ts, issue 6: ORD, APR, FIN-1/2/4). Money is integer minor
// units of the order's currency.
export type Settlement = 'open_account' | 'prepayment';
export interface DealerAccountsTable {
  dealer_id: number;
  settlement: Generated<Settlement>;
  credit_limit: Generated<number>;
  currency: string;
  payment_term_days: Generated<number>;
  payment_methods: ColumnType<PaymentMethod[], PaymentMethod[] | undefined, PaymentMethod[]>;
  over_limit: Generated<'block' | 'review'>;
  updated_at: ColumnType<Date, never, Date>;
}

export interface ShippingMethodsTable {
  id: Generated<number>;
  code: string;
  name: string;
  price: Generated<number>;
  currency: string;
  free_from: number | null;
  vat_rate: Generated<number>;
  active: Generated<boolean>;
  sort: Generated<number>;
  created_at: ColumnType<Date, never, never>;
}

export interface CartsTable {
  id: Generated<number>;
  dealer_id: number;
  owner_id: number;
  name: string;
  kind: Generated<'cart' | 'list'>;
  shared: Generated<boolean>;
  created_at: ColumnType<Date, never, never>;
  updated_at: ColumnType<Date, never, Date>;
}
export interface CartLinesTable {
  cart_id: number;
  product_id: number;
  qty: number;
  added_at: ColumnType<Date, never, Date>;
}
export interface UserActiveCartsTable {
  user_id: number;
  cart_id: number;
}

export const ORDER_STATUSES = [
  'awaiting_approval', 'credit_review', 'awaiting_payment', 'placed', 'confirmed', 'preparing',
  'partly_shipped', 'shipped', 'delivered', 'completed', 'cancelled',
] as const;
export type OrderStatus = (typeof ORDER_STATUSES)[number];
export interface OrdersTable {
  id: Generated<number>;
  /** Generated: 'S' + 7-digit id. */
  number: ColumnType<string, never, never>;
  dealer_id: number;
  user_id: number | null;
  status: OrderStatus;
  idempotency_key: string;
  /** Set while awaiting approval: the status the order takes after the last approval. */
  after_approval: ColumnType<'placed' | 'credit_review' | 'awaiting_payment' | null, 'placed' | 'credit_review' | 'awaiting_payment' | null | undefined, 'placed' | 'credit_review' | 'awaiting_payment' | null>;
  cart_name: Generated<string>;
  currency: string;
  priced_on: DateCol;
  payment_method: PaymentMethod;
  installments: number | null;
  shipping_method_id: number | null;
  shipping_address: ColumnType<Record<string, unknown>, string | undefined, string>;
  billing: ColumnType<Record<string, unknown>, string | undefined, string>;
  requested_date: NullableDateCol;
  note: Generated<string>;
  po_number: Generated<string>;
  lines_net: Generated<number>;
  shipping_net: Generated<number>;
  vat_total: Generated<number>;
  total_gross: Generated<number>;
  paid_gross: Generated<number>;
  vat_by_rate: ColumnType<Array<{ rate: number; net: number; vat: number }>, string | undefined, string>;
  flags: ColumnType<string[], string[] | undefined, string[]>;
  cancel_reason: Generated<string>;
  invoiced_at: Date | null;
  placed_at: Date | null;
  confirmed_at: Date | null;
  created_at: ColumnType<Date, never, never>;
  updated_at: ColumnType<Date, never, Date>;
}
export interface OrderLinesTable {
  id: Generated<number>;
  order_id: number;
  line_no: number;
  product_id: number;
  sku: string;
  name: string;
  unit: Generated<string>;
  qty: number;
  reserved_qty: Generated<number>;
  prepared_qty: Generated<number>;
  shipped_qty: Generated<number>;
  vat_rate: number;
  unit_net: number;
  unit_gross: number;
  list_unit_net: number;
  line_net: number;
  line_gross: number;
  breakdown: ColumnType<Record<string, unknown>, string | undefined, string>;
}
export interface OrderStatusHistoryTable {
  id: Generated<number>;
  order_id: number;
  from_status: OrderStatus | null;
  to_status: OrderStatus;
  actor_user_id: number | null;
  actor: Generated<'user' | 'staff' | 'system'>;
  note: Generated<string>;
  created_at: ColumnType<Date, never, never>;
}
export type ApprovalRuleKind = 'amount_over' | 'users' | 'roles' | 'categories';
export interface ApprovalRulesTable {
  id: Generated<number>;
  dealer_id: number;
  name: string;
  kind: ApprovalRuleKind;
  amount: number | null;
  currency: string | null;
  user_ids: ColumnType<number[], number[] | undefined, number[]>;
  roles: ColumnType<string[], string[] | undefined, string[]>;
  category_ids: ColumnType<number[], number[] | undefined, number[]>;
  levels: Generated<number>;
  approver_ids: ColumnType<number[], number[] | undefined, number[]>;
  active: Generated<boolean>;
  created_at: ColumnType<Date, never, never>;
}
export interface OrderApprovalsTable {
  id: Generated<number>;
  order_id: number;
  level: number;
  rule_ids: ColumnType<number[], number[] | undefined, number[]>;
  status: Generated<'pending' | 'approved' | 'rejected' | 'withdrawn'>;
  decided_by: number | null;
  decided_at: Date | null;
  totp_step: number | null;
  note: Generated<string>;
  reminded_at: Date | null;
  escalated_at: Date | null;
  created_at: ColumnType<Date, never, never>;
}

/** 0014-approvals (APR-2/APR-3): merged into OrderApprovalsTable above. */
export interface OrderApprovalsTable {
  pending_since: Generated<Date>;
  notified_at: Date | null;
  on_behalf_of: number | null;
}

/** 0015-shipments (ORD-6/ORD-7 split shipments, SHP-2): merged into TenantDb above. */
export type ShipmentStatus = 'draft' | 'shipped' | 'delivered' | 'cancelled';
export interface ShipmentsTable {
  id: Generated<number>;
  order_id: number;
  seq: number;
  number: string;
  status: Generated<ShipmentStatus>;
  carrier: Generated<string>;
  tracking_number: string | null;
  tracking_url: string | null;
  pick_session_id: number | null;
  shipped_at: Date | null;
  delivered_at: Date | null;
  cancelled_at: Date | null;
  created_by: number | null;
  shipped_by: number | null;
  created_at: ColumnType<Date, never, never>;
}
export interface ShipmentLinesTable {
  shipment_id: number;
  order_line_id: number;
  qty: number;
}
export interface TenantDb {
  shipments: ShipmentsTable;
  shipment_lines: ShipmentLinesTable;
}

/** 0016-notification-attachments (ORD-9): outbox attachments as references, rendered at send time (src/notifications/attachments.ts). */
export interface NotificationsTable {
  attachments: ColumnType<import('../notifications/attachments.ts').AttachmentRef[], string | undefined, string>;
}
