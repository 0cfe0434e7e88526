import { loadConfigOrExit } from './config.ts';
import { onShutdown, openRuntime } from './runtime.ts';
import { startWeb } from './web/start-web.ts';

/** `web` process: HTTP only. Run `release` (migrations) before it. */
const config = loadConfigOrExit();
const rt = await openRuntime(config, 'web');
const web = await startWeb(rt);
rt.logger.info({ port: web.port }, 'web listening');
onShutdown(rt.logger, async () => {
  await web.close();
  await rt.close();
});
