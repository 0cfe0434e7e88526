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

export interface TenantDb {
  settings: TenantSettingsTable;
  products: ProductsTable;
  notifications: NotificationsTable;
}
