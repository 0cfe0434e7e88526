import { createMailer } from '../notifications/mailer.ts';
import type { Runtime } from '../runtime.ts';
import { buildRegistry } from './handlers.ts';
import { createRedis } from './queues.ts';
import { registerSchedulers, startWorkers } from './worker-runtime.ts';

export async function startWorker(rt: Runtime) {
  const registry = buildRegistry();
  const mailer = createMailer(rt.config.SMTP_URL);
  const deps = { config: rt.config, rootDb: rt.rootDb, queues: rt.queues, logger: rt.logger, mailer };
  // Workers block on Redis; they get their own connection.
  const connection = createRedis(rt.config.REDIS_URL);
  await registerSchedulers(deps, registry);
  const running = startWorkers(deps, registry, connection);
  rt.logger.info({ queues: running.workers.map((w) => w.name), smtp: Boolean(mailer) }, 'worker started');
  return {
    async close() {
      await running.close();
      mailer?.close();
      await connection.quit().catch(() => connection.disconnect());
    },
  };
}
