import { loadConfig, type Config } from '../../src/config.ts';

/** Tests use their own database (never the dev one) and real PostgreSQL and Redis. */
export function testConfig(overrides: Record<string, string> = {}): Config {
  return loadConfig({
    DATABASE_URL: process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/kervan_test',
    REDIS_URL: process.env.REDIS_URL ?? 'redis://127.0.0.1:6379',
    BASE_DOMAIN: 'localhost',
    PORT: '3000',
    LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'silent',
    NODE_ENV: 'test',
    DATA_DIR: process.env.TEST_DATA_DIR ?? '/tmp/kervan-test-data',
    ...overrides,
  });
}
