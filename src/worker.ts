import { loadConfigOrExit } from './config.ts';
import { startWorker } from './jobs/start-worker.ts';
import { onShutdown, openRuntime } from './runtime.ts';

/** `worker` process: BullMQ workers and the job schedulers. */
const config = loadConfigOrExit();
const rt = await openRuntime(config, 'worker');
const worker = await startWorker(rt);
onShutdown(rt.logger, async () => {
  await worker.close();
  await rt.close();
});
