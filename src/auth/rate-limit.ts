import { createHash } from 'node:crypto';
import type { Redis } from 'ioredis';

/**
 * Brute-force guard for sign-in and code checks: Redis counters per account and per IP, scoped
 * by tenant. Failures 1–3 cost nothing, then each failure makes the next attempt wait longer
 * (2 s, 4 s, … up to 60 s); 10 failures lock the account for 15 minutes; 50 failures from one IP
 * lock that IP for 15 minutes. A success clears the account's counter.
 */
export const WINDOW_SECONDS = 15 * 60;
export const ACCOUNT_LOCK_AFTER = 10;
export const IP_LOCK_AFTER = 50;
const FREE_FAILURES = 3;

const digest = (s: string) => createHash('sha256').update(s).digest('hex').slice(0, 32);

export interface Subject {
  tenantId: number;
  scope: string; // e.g. 'login', 'totp', 'reset'
  account: string; // normalised identifier, e.g. 'dealer:D1001:ali@x.com' or 'user:42'
  ip: string;
}

const keys = (s: Subject) => ({
  acctCount: `rl:${s.tenantId}:${s.scope}:a:${digest(s.account)}:n`,
  acctUntil: `rl:${s.tenantId}:${s.scope}:a:${digest(s.account)}:until`,
  ipCount: `rl:${s.tenantId}:${s.scope}:ip:${digest(s.ip)}:n`,
});

export type Gate = { allowed: true } | { allowed: false; retryAfterSeconds: number; locked: boolean };

export async function checkGate(redis: Redis, s: Subject): Promise<Gate> {
  const k = keys(s);
  const [until, ipCount, acctCount] = await redis.mget(k.acctUntil, k.ipCount, k.acctCount);
  if (Number(ipCount ?? 0) >= IP_LOCK_AFTER) {
    const ttl = await redis.ttl(k.ipCount);
    return { allowed: false, retryAfterSeconds: Math.max(1, ttl), locked: true };
  }
  const wait = until ? Math.ceil((Number(until) - Date.now()) / 1000) : 0;
  if (wait > 0) return { allowed: false, retryAfterSeconds: wait, locked: Number(acctCount ?? 0) >= ACCOUNT_LOCK_AFTER };
  return { allowed: true };
}

export async function recordFailure(redis: Redis, s: Subject): Promise<Gate> {
  const k = keys(s);
  const res = await redis.multi().incr(k.acctCount).expire(k.acctCount, WINDOW_SECONDS).incr(k.ipCount).expire(k.ipCount, WINDOW_SECONDS).exec();
  const n = Number(res?.[0]?.[1] ?? 0);
  let delay = 0;
  if (n >= ACCOUNT_LOCK_AFTER) delay = WINDOW_SECONDS;
  else if (n > FREE_FAILURES) delay = Math.min(60, 2 ** (n - FREE_FAILURES));
  if (delay > 0) {
    await redis.set(k.acctUntil, String(Date.now() + delay * 1000), 'PX', delay * 1000);
    return { allowed: false, retryAfterSeconds: delay, locked: n >= ACCOUNT_LOCK_AFTER };
  }
  return { allowed: true };
}

export async function recordSuccess(redis: Redis, s: Subject): Promise<void> {
  const k = keys(s);
  await redis.del(k.acctCount, k.acctUntil);
}
