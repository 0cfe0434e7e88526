import { serve, type ServerType } from '@hono/node-server';
import { createApp } from '../app.ts';
import type { Runtime } from '../runtime.ts';
import { HostResolver } from '../tenancy/resolve-host.ts';
import { createMetrics } from './metrics.ts';

export interface RunningWeb {
  server: ServerType;
  port: number;
  close(): Promise<void>;
}

export async function startWeb(rt: Runtime, port = rt.config.PORT): Promise<RunningWeb> {
  const app = createApp({
    config: rt.config,
    rootDb: rt.rootDb,
    resolver: new HostResolver(rt.rootDb, rt.config.BASE_DOMAIN),
    queues: rt.queues,
    redis: rt.redis,
    metrics: createMetrics({ defaultMetrics: true }),
    logger: rt.logger,
  });
  const server = await new Promise<ServerType>((resolve) => {
    const s = serve({ fetch: app.fetch, port, hostname: '0.0.0.0' }, () => resolve(s));
  });
  const address = server.address();
  const actual = typeof address === 'object' && address ? address.port : port;
  return {
    server,
    port: actual,
    close: () =>
      new Promise<void>((resolve) => {
        // Stop accepting; in-flight requests finish, idle keep-alive sockets are closed.
        server.close(() => resolve());
        (server as { closeIdleConnections?: () => void }).closeIdleConnections?.();
      }),
  };
}
