/**
 * The servers under load run in child processes so that autocannon (in the parent) and the
 * server never share one event loop. Parent and child talk over the IPC channel of `fork`:
 * the child announces its port, answers stats requests (RSS, CPU time) and stops on request.
 */
import { fork, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import path from 'node:path';

export interface ProcessStats {
  rssBytes: number;
  heapUsedBytes: number;
  /** Peak resident set size of the process so far. */
  maxRssBytes: number;
  /** user + system CPU time since the process started. */
  cpuMicros: number;
  /** Connections checked out of the server's pg pool so far: one per query outside a transaction. */
  dbCheckouts: number;
}

export interface StartedServer {
  port: number;
  close(): Promise<void>;
  dbCheckouts(): number;
}

type ToChild = { type: 'stats'; id: number } | { type: 'stop' };
type FromChild = { type: 'ready'; port: number } | { type: 'stats'; id: number; stats: ProcessStats } | { type: 'failed'; message: string };

function ownStats(server: StartedServer): ProcessStats {
  const mem = process.memoryUsage();
  const cpu = process.cpuUsage();
  return {
    rssBytes: mem.rss,
    heapUsedBytes: mem.heapUsed,
    maxRssBytes: process.resourceUsage().maxRSS * 1024,
    cpuMicros: cpu.user + cpu.system,
    dbCheckouts: server.dbCheckouts(),
  };
}

/**
 * Child side: starts the server, reports its port and serves the parent's requests. The child
 * also exits when the IPC channel closes, so a parent that dies leaves no server behind.
 */
export async function runAsChild(start: () => Promise<StartedServer>): Promise<void> {
  const send = (m: FromChild) => process.send?.(m);
  if (!process.send) throw new Error('this file is started by test/bench/run.ts (it needs an IPC channel)');
  let server: StartedServer;
  try {
    server = await start();
  } catch (err) {
    send({ type: 'failed', message: err instanceof Error ? (err.stack ?? err.message) : String(err) });
    process.exit(1);
  }
  let stopping = false;
  const stop = () => {
    if (stopping) return;
    stopping = true;
    // A slow close must not hold the bench up: give it a few seconds, then leave anyway.
    setTimeout(() => process.exit(0), 5_000).unref();
    server.close().finally(() => process.exit(0));
  };
  process.on('message', (m: ToChild) => {
    if (m.type === 'stats') send({ type: 'stats', id: m.id, stats: ownStats(server) });
    else if (m.type === 'stop') stop();
  });
  process.on('disconnect', stop);
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
  send({ type: 'ready', port: server.port });
}

export interface ChildServer {
  name: string;
  pid: number;
  port: number;
  stats(): Promise<ProcessStats>;
  stop(): Promise<void>;
}

/** Parent side: forks `file` under the tsx loader and resolves once it listens. */
export async function startChild(name: string, file: string, env: Record<string, string>, timeoutMs = 60_000): Promise<ChildServer> {
  const child: ChildProcess = fork(path.resolve(import.meta.dirname, file), [], {
    execArgv: ['--import', 'tsx'],
    env: { ...process.env, ...env },
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const waiting = new Map<number, (s: ProcessStats) => void>();
  let nextId = 1;
  let exited = false;
  child.on('exit', () => {
    exited = true;
  });

  const port = await new Promise<number>((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`${name} did not start within ${timeoutMs} ms`));
    }, timeoutMs);
    child.on('message', (m: FromChild) => {
      if (m.type === 'ready') {
        clearTimeout(timer);
        resolve(m.port);
      } else if (m.type === 'failed') {
        clearTimeout(timer);
        reject(new Error(`${name} failed to start: ${m.message}`));
      } else if (m.type === 'stats') {
        waiting.get(m.id)?.(m.stats);
        waiting.delete(m.id);
      }
    });
    child.on('exit', (code, signal) => {
      clearTimeout(timer);
      reject(new Error(`${name} exited before it was ready (code ${code}, signal ${signal})`));
    });
  });

  return {
    name,
    pid: child.pid!,
    port,
    stats: () =>
      new Promise<ProcessStats>((resolve, reject) => {
        if (exited) return reject(new Error(`${name} has exited`));
        const id = nextId++;
        waiting.set(id, resolve);
        child.send({ type: 'stats', id } satisfies ToChild);
      }),
    async stop() {
      if (exited) return;
      const gone = once(child, 'exit');
      child.send({ type: 'stop' } satisfies ToChild);
      const timer = setTimeout(() => child.kill('SIGKILL'), 8_000);
      await gone;
      clearTimeout(timer);
    },
  };
}
