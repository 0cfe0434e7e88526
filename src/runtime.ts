import type { Redis } from 'ioredis';
import type { Logger } from 'pino';
import type { Config } from './config.ts';
import { ensureDatabase } from './db/ensure-database.ts';
import { migrateAllTenants, migratePlatform } from './db/migrate.ts';
import { createRootDb, type RootDb } from './db/pool.ts';
import { Queues, checkEvictionPolicy, createRedis } from './jobs/queues.ts';
import { createLogger } from './logger.ts';
import { cleanUpAbandonedProvisioning } from './tenancy/provision.ts';
import type pg from 'pg';

/** The long-lived resources a process holds; `close` releases them in order. */
export interface Runtime {
  config: Config;
  logger: Logger;
  rootDb: RootDb;
  pool: pg.Pool;
  redis: Redis;
  queues: Queues;
  close(): Promise<void>;
}

export async function openRuntime(config: Config, role: string): Promise<Runtime> {
  const logger = createLogger(config.LOG_LEVEL, { role });
  const { db: rootDb, pool } = createRootDb({ connectionString: config.DATABASE_URL, max: config.DB_POOL_SIZE, applicationName: `kervan-${role}`, prepare: config.DB_PREPARED_STATEMENTS === 'on' });
  const redis = createRedis(config.REDIS_URL);
  redis.on('error', (err) => logger.error({ err: err.message }, 'redis error'));
  const queues = new Queues(redis);
  const policy = await checkEvictionPolicy(redis);
  if (policy !== 'noeviction') {
    logger.warn(
      { policy },
      `Redis maxmemory-policy is "${policy}": BullMQ needs "noeviction" or jobs can silently disappear. Run: redis-cli CONFIG SET maxmemory-policy noeviction`,
    );
  }
  return {
    config,
    logger,
    rootDb,
    pool,
    redis,
    queues,
    async close() {
      await queues.close();
      await redis.quit().catch(() => redis.disconnect());
      await rootDb.destroy();
    },
  };
}

/** Release step: create the database if needed, migrate public then every tenant, clean up dead provisioning. */
export async function runRelease(config: Config, logger: Logger): Promise<{ failed: number }> {
  if (await ensureDatabase(config.DATABASE_URL)) logger.info({ database: new URL(config.DATABASE_URL).pathname.slice(1) }, 'database created');
  const { db } = createRootDb({ connectionString: config.DATABASE_URL, max: config.MIGRATE_CONCURRENCY + 1, applicationName: 'kervan-release', prepare: false });
  try {
    const applied = await migratePlatform(db);
    logger.info({ schema: 'public', applied }, 'platform migrated');
    await cleanUpAbandonedProvisioning(db);
    const reports = await migrateAllTenants(db, { concurrency: config.MIGRATE_CONCURRENCY });
    for (const r of reports) {
      if (r.error) logger.error({ tenant: r.slug, schema: r.schema, error: r.error }, 'tenant migration failed');
      else logger.info({ tenant: r.slug, schema: r.schema, applied: r.applied, ms: r.ms }, 'tenant migrated');
    }
    return { failed: reports.filter((r) => r.error).length };
  } finally {
    await db.destroy();
  }
}

/** Stops on the first SIGTERM/SIGINT: `stop` should finish in-flight work and close connections. */
export function onShutdown(logger: Logger, stop: () => Promise<void>): void {
  let stopping = false;
  const handler = (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'shutting down');
    const force = setTimeout(() => {
      logger.error('shutdown took longer than 25 s, exiting');
      process.exit(1);
    }, 25_000);
    force.unref();
    stop()
      .then(() => process.exit(0))
      .catch((err: Error) => {
        logger.error({ err: err.message }, 'error during shutdown');
        process.exit(1);
      });
  };
  process.on('SIGTERM', () => handler('SIGTERM'));
  process.on('SIGINT', () => handler('SIGINT'));
}
