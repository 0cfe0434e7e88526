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

/** Everything the web app needs from the outside; tests build their own. */
export interface AppDeps {
  config: Config;
  rootDb: RootDb;
  resolver: HostResolver;
  queues: Queues;
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
  secureHeadersNonce?: string;
}

export interface AppEnv {
  Variables: AppVariables;
}
