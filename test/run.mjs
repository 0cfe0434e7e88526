#!/usr/bin/env node
// Runs each test file in its own Node process (uvu suites run on import), two at a time,
// reads uvu's totals and ends with one line: "N passed, N failed". Exit code 1 on any failure.
import { spawn } from 'node:child_process';
import { readdirSync, statSync } from 'node:fs';
import path from 'node:path';

const args = process.argv.slice(2);
const e2e = args.includes('--e2e');
const filters = args.filter((a) => !a.startsWith('--'));
const root = path.resolve(import.meta.dirname);
const FILE_TIMEOUT_MS = Number(process.env.TEST_FILE_TIMEOUT_MS ?? 240_000);
const CONCURRENCY = Number(process.env.TEST_CONCURRENCY ?? 2);

function walk(dir) {
  return readdirSync(dir).flatMap((name) => {
    const full = path.join(dir, name);
    return statSync(full).isDirectory() ? walk(full) : [full];
  });
}

const files = walk(root)
  .filter((f) => f.endsWith('.test.ts'))
  .filter((f) => {
    const rel = path.relative(root, f);
    const inE2e = rel.startsWith(`e2e${path.sep}`);
    if (rel.startsWith(`bench${path.sep}`)) return false;
    return e2e ? inE2e : !inE2e;
  })
  .filter((f) => filters.length === 0 || filters.some((x) => f.includes(x)))
  .sort();

let passed = 0;
let failed = 0;
let skipped = 0;
const failures = [];

function runFile(file) {
  return new Promise((resolve) => {
    const rel = path.relative(process.cwd(), file);
    const started = Date.now();
    const child = spawn(process.execPath, ['--import', 'tsx', file], {
      env: { ...process.env, NODE_ENV: 'test', FORCE_COLOR: '0', NO_COLOR: '1' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    child.stdout.on('data', (d) => (out += d));
    child.stderr.on('data', (d) => (out += d));
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      child.kill('SIGKILL');
    }, FILE_TIMEOUT_MS);
    child.on('close', (code) => {
      clearTimeout(timer);
      const total = Number(/Total:\s+(\d+)/.exec(out)?.[1] ?? 0);
      const ok = Number(/Passed:\s+(\d+)/.exec(out)?.[1] ?? 0);
      const skip = Number(/Skipped:\s+(\d+)/.exec(out)?.[1] ?? 0);
      let bad = Math.max(0, total - ok);
      if ((code !== 0 || timedOut || total === 0) && bad === 0) bad = 1;
      passed += ok;
      failed += bad;
      skipped += skip;
      if (bad) failures.push(rel);
      const secs = ((Date.now() - started) / 1000).toFixed(1);
      process.stdout.write(`\n── ${rel} (${secs}s)${timedOut ? ' TIMED OUT' : ''}${bad ? ' FAILED' : ''}\n${out.trim()}\n`);
      resolve();
    });
  });
}

const queue = [...files];
await Promise.all(
  Array.from({ length: Math.min(CONCURRENCY, queue.length) }, async () => {
    while (queue.length) await runFile(queue.shift());
  }),
);

if (files.length === 0) {
  console.log('no test files found');
  failed += 1;
}
if (failures.length) console.log(`\nfailed files:\n${failures.map((f) => `  ${f}`).join('\n')}`);
console.log(`\n${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ''}`);
process.exit(failed ? 1 : 0);
