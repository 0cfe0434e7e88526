import { Kysely } from 'kysely';
import pg from 'pg';
import { KervanPostgresDialect } from './dialect.ts';
import type { PlatformDb } from './types.ts';

/**
 * int8 (bigint) arrives as a JS number, but only while it is exactly representable:
 * money is stored in minor units and a silently rounded amount is worse than an error.
 */
const MAX_SAFE = BigInt(Number.MAX_SAFE_INTEGER);
export function parseBigint(value: string): number {
  const big = BigInt(value);
  if (big > MAX_SAFE || big < -MAX_SAFE) throw new RangeError(`bigint ${value} exceeds 2^53`);
  return Number(big);
}
pg.types.setTypeParser(pg.types.builtins.INT8, parseBigint);
pg.types.setTypeParser(pg.types.builtins.NUMERIC, (v: string) => v);
/** int8[] ('{1,2,NULL}') as numbers with the same guard (one-dimensional arrays only). */
export function parseBigintArray(value: string): Array<number | null> {
  const body = value.slice(1, -1).trim();
  if (!body) return [];
  return body.split(',').map((x) => (x === 'NULL' ? null : parseBigint(x)));
}
pg.types.setTypeParser(1016 as never, parseBigintArray);

export interface RootDbOptions {
  connectionString: string;
  max?: number;
  applicationName?: string;
}

export type RootDb = Kysely<PlatformDb>;

/** The one Kysely over `public`. Tenant code never receives it; it gets `withSchema(t_<id>)`. */
export function createRootDb(opts: RootDbOptions): { db: RootDb; pool: pg.Pool } {
  const pool = new pg.Pool({
    connectionString: opts.connectionString,
    max: opts.max ?? 10,
    application_name: opts.applicationName ?? 'kervan',
    // JIT compilation pays off for long analytical queries only; for this app's short queries a
    // misestimated plan (CTE joins have no statistics) made it compile for seconds. Off for the app.
    options: '-c jit=off',
    idleTimeoutMillis: 30_000,
  });
  pool.on('error', () => {
    // An idle client lost its connection; pg removes it from the pool, the next checkout reconnects.
  });
  const db = new Kysely<PlatformDb>({ dialect: new KervanPostgresDialect({ pool }) });
  return { db, pool };
}
