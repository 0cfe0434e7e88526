import { createHash } from 'node:crypto';
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
  /** Named (server-side prepared) statements for parameterised queries; off for migrations (DDL). */
  prepare?: boolean;
}

/**
 * Prepared statements per connection before new texts go unnamed (bounds server memory: a cached
 * plan is tens of kB; a tenant's hot set is well under 100 statements, so the first few tenants a
 * connection serves keep theirs, the rest run unnamed as before).
 */
export const MAX_PREPARED_PER_CONNECTION = 300;

/**
 * A pool client that sends every parameterised query as a named statement: PostgreSQL parses
 * (and, once its generic plan is chosen, plans) the text once per connection instead of on every
 * call. Kysely's SQL for a given builder is always the same text, so the app's hot statements are
 * a small set; the tenant schema is part of the text, so each tenant's statements are prepared
 * separately, and a cap per connection bounds the server-side memory for many tenants. Schema
 * changes invalidate PostgreSQL's cached plans by themselves; a statement whose result columns
 * change (a migration adding a column under `select *` while old processes still run) fails with
 * 0A000 and goes unnamed from then on on that connection. Outside a transaction it is retried at
 * once, so nobody notices; inside one the transaction is already aborted, so the original error
 * is thrown (that request fails once per connection and statement — restart web and worker after
 * a release that changes columns, as a Procfile deploy does anyway). The release process migrates
 * with preparation off. Measured (a 5-line order, one connection): PostgreSQL backend CPU 7.3 →
 * 4.5 ms per order.
 */
class PreparingClient extends pg.Client {
  private readonly named = new Set<string>();
  private readonly broken = new Set<string>();

  override query(...args: unknown[]): any {
    const [text, values] = args as [unknown, unknown];
    if (typeof text !== 'string' || !Array.isArray(values) || values.length === 0 || args.length !== 2) {
      return (super.query as (...a: unknown[]) => unknown)(...args);
    }
    const name = `k${createHash('sha1').update(text).digest('base64url').slice(0, 20)}`;
    if (this.broken.has(name) || (!this.named.has(name) && this.named.size >= MAX_PREPARED_PER_CONNECTION)) {
      return (super.query as (...a: unknown[]) => unknown)(text, values);
    }
    this.named.add(name);
    const run = super.query.bind(this) as (q: unknown) => Promise<unknown>;
    const inTransaction = this.getTransactionStatus() !== 'I';
    return run({ name, text, values }).catch((err: { code?: string }) => {
      if (err?.code !== '0A000' && err?.code !== '26000') throw err;
      this.broken.add(name);
      if (inTransaction) throw err;
      return run({ text, values });
    });
  }
}

export type RootDb = Kysely<PlatformDb>;

/** The one Kysely over `public`. Tenant code never receives it; it gets `withSchema(t_<id>)`. */
export function createRootDb(opts: RootDbOptions): { db: RootDb; pool: pg.Pool } {
  const pool = new pg.Pool({
    ...(opts.prepare === false ? {} : { Client: PreparingClient }),
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
