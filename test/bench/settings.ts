/**
 * Every knob of the bench, read once from the environment. The defaults keep a full run
 * within about a minute and a half on a 2-core machine.
 */
function int(name: string, fallback: number, min: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < min) throw new Error(`${name} must be an integer >= ${min} (got ${JSON.stringify(raw)})`);
  return n;
}

export interface BenchSettings {
  /** Its own database: the bench creates and drops schemas freely, so never the dev or test one. */
  databaseUrl: string;
  /** Second database, holding nothing but the schemas of the fresh-migration measurement. */
  migrateDatabaseUrl: string;
  redisUrl: string;
  tenants: number;
  productsPerTenant: number;
  provisionSamples: number;
  migrateConcurrency: number;
  /** Seconds of measured load per route. */
  duration: number;
  /** Seconds of unmeasured load before each route, so JIT and pools are warm. */
  warmup: number;
  connections: number;
  dbPoolSize: number;
}

export function benchSettings(): BenchSettings {
  const databaseUrl = process.env.BENCH_DATABASE_URL || 'postgres://postgres@127.0.0.1:5432/kervan_bench';
  const migrate = new URL(databaseUrl);
  migrate.pathname = `${migrate.pathname}_migrate`;
  return {
    databaseUrl,
    migrateDatabaseUrl: process.env.BENCH_MIGRATE_DATABASE_URL || migrate.toString(),
    redisUrl: process.env.REDIS_URL || 'redis://127.0.0.1:6379',
    tenants: int('BENCH_TENANTS', 100, 1),
    productsPerTenant: int('BENCH_PRODUCTS', 300, 0),
    provisionSamples: int('BENCH_PROVISION_SAMPLES', 3, 1),
    migrateConcurrency: int('BENCH_MIGRATE_CONCURRENCY', 4, 1),
    duration: int('BENCH_DURATION', 10, 1),
    warmup: int('BENCH_WARMUP', 2, 0),
    connections: int('BENCH_CONNECTIONS', 32, 1),
    dbPoolSize: int('BENCH_DB_POOL_SIZE', 10, 1),
  };
}

/** Bench tenants are named by position so a re-run finds the ones it made last time. */
export const benchSlug = (i: number): string => `bench-${String(i + 1).padStart(3, '0')}`;
export const benchName = (i: number): string => `Bench Satıcı ${i + 1} A.Ş.`;
/** Slug prefix of the throw-away tenants whose provisioning is timed; leftovers of a crashed run are removed by it. */
export const FRESH_PREFIX = 'bench-fresh-';
