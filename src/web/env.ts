import type { Redis } from 'ioredis';
import type { Kysely } from 'kysely';
import type { Logger } from 'pino';
import type { Config } from '../config.ts';
import type { RootDb } from '../db/pool.ts';
import type { TenantDb } from '../db/types.ts';
import type { Locale } from '../i18n/define.ts';
import type { Queues } from '../jobs/queues.ts';
import type { HostResolver } from '../tenancy/resolve-host.ts';
import type { Tenant } from '../tenancy/tenant.ts';
import type { Metrics } from './metrics.ts';
import type { Flash } from './flash.ts';
import type { Session, SessionUser } from '../auth/sessions.ts';
import type { SettingValue } from '../settings/settings.ts';

/** Everything the web app needs from the outside; tests build their own. */
export interface AppDeps {
  config: Config;
  rootDb: RootDb;
  resolver: HostResolver;
  queues: Queues;
  /** For rate limits and other short-lived counters (keys always carry the tenant id). */
  redis: Redis;
  metrics: Metrics;
  logger: Logger;
}

export interface AppVariables {
  deps: AppDeps;
  requestId: string;
  log: Logger;
  locale: Locale;
  flash: Flash | null;
  /** Set only on tenant hosts, by the tenancy middleware. */
  tenant: Tenant;
  db: Kysely<TenantDb>;
  /** Set by the session middleware on tenant hosts; null when signed out. */
  session: Session | null;
  user: SessionUser | null;
  /** The seller's contact details for the footer (PLT-4), cached per process. */
  contact: SettingValue<'contact'> | null;
  secureHeadersNonce?: string;
}

export interface AppEnv {
  Variables: AppVariables;
}
