/**
 * The real web process for the bench, started by run.ts in its own process: same runtime and
 * `startWeb` as `npm run web`, pointed at the bench database, logging silenced so that log
 * I/O is not part of what is measured (the app logs only 5xx at info level anyway).
 */
import { randomBytes } from 'node:crypto';
import { loadConfig } from '../../src/config.ts';
import { openRuntime } from '../../src/runtime.ts';
import { startWeb } from '../../src/web/start-web.ts';
import { runAsChild } from './child.ts';
import { benchSettings } from './settings.ts';

await runAsChild(async () => {
  const s = benchSettings();
  const config = loadConfig({
    ...process.env,
    NODE_ENV: 'production',
    // Production refuses to start without a secret; nothing signed here outlives the run.
    SESSION_SECRET: randomBytes(32).toString('hex'),
    DATABASE_URL: s.databaseUrl,
    REDIS_URL: s.redisUrl,
    BASE_DOMAIN: 'localhost',
    PUBLIC_SCHEME: 'http',
    LOG_LEVEL: 'silent',
    DB_POOL_SIZE: String(s.dbPoolSize),
  });
  const rt = await openRuntime(config, 'bench');
  let checkouts = 0;
  rt.pool.on('acquire', () => checkouts++);
  const web = await startWeb(rt, 0);
  return {
    port: web.port,
    dbCheckouts: () => checkouts,
    async close() {
      await web.close();
      await rt.close();
    },
  };
});
