import path from 'node:path';
import { z } from 'zod';

/**
 * Configuration comes only from the environment, with defaults that work on a developer machine.
 * A wrong value stops start-up with one line naming the variable (see `loadConfig`).
 */
const urlOf = (protocols: string[]) =>
  z.string().refine((v) => {
    try {
      return protocols.includes(new URL(v).protocol);
    } catch {
      return false;
    }
  }, `must be a URL starting with ${protocols.join(' or ')}//`);

const schema = z.object({
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  DATABASE_URL: urlOf(['postgres:', 'postgresql:']).default('postgres://postgres@127.0.0.1:5432/kervan'),
  REDIS_URL: urlOf(['redis:', 'rediss:']).default('redis://127.0.0.1:6379'),
  BASE_DOMAIN: z
    .string()
    .regex(/^[a-z0-9]([a-z0-9.-]*[a-z0-9])?$/, 'must be a lower-case host name such as localhost or kervan.example')
    .default('localhost'),
  PORT: z.coerce.number().int().min(1).max(65535).default(3000),
  PUBLIC_SCHEME: z.enum(['http', 'https']).default('http'),
  DATA_DIR: z.string().min(1).default(path.resolve('data')),
  SMTP_URL: urlOf(['smtp:', 'smtps:']).optional(),
  MAIL_FROM: z.string().min(3).default('Kervan <no-reply@kervan.localhost>'),
  SESSION_SECRET: z.string().min(32, 'must be at least 32 characters').optional(),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  DB_POOL_SIZE: z.coerce.number().int().min(1).max(200).default(10),
  /** Send parameterised queries as named prepared statements (see src/db/pool.ts); 'off' behind a transaction-mode pooler that cannot keep them. */
  DB_PREPARED_STATEMENTS: z.enum(['on', 'off']).default('on'),
  MIGRATE_CONCURRENCY: z.coerce.number().int().min(1).max(32).default(4),
  /** API-1: requests per minute per API key (token bucket; a full minute's worth may come as a burst). */
  API_RATE_LIMIT: z.coerce.number().int().min(1).max(100_000).default(120),
  /** PRC-2: name of a registered central-bank exchange-rate feed (src/pricing/rate-feed.ts); unset/none = staff enter rates. */
  RATE_FEED: z.string().regex(/^[a-z0-9-]{1,40}$/).optional(),
});

export type Config = Omit<z.infer<typeof schema>, 'SESSION_SECRET'> & { SESSION_SECRET: string };

export class ConfigError extends Error {}

const DEV_SECRET = 'kervan-development-secret-do-not-use-in-production';

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const input = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== ''));
  const parsed = schema.safeParse(input);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const name = String(issue.path[0] ?? 'environment');
    throw new ConfigError(`Configuration error: ${name} ${issue.message} (got ${JSON.stringify(env[name] ?? '')})`);
  }
  const cfg = parsed.data;
  if (!cfg.SESSION_SECRET && cfg.NODE_ENV === 'production') {
    throw new ConfigError('Configuration error: SESSION_SECRET must be set in production (32+ random characters)');
  }
  return { ...cfg, SESSION_SECRET: cfg.SESSION_SECRET ?? DEV_SECRET };
}

/** Loads the configuration or prints the single offending line and exits. */
export function loadConfigOrExit(): Config {
  try {
    return loadConfig();
  } catch (err) {
    if (err instanceof ConfigError) {
      console.error(err.message);
      process.exit(78);
    }
    throw err;
  }
}
