import type { Context } from 'hono';

/** Largest id a bigint column holds; larger path ids cannot exist. */
const MAX_BIGINT = 9_223_372_036_854_775_807n;

/**
 * A positive integer id from a path parameter, or null when it cannot name a row
 * (not digits, zero, beyond bigint or beyond what JS numbers hold exactly). Callers answer 404.
 */
export function idParam(c: Context, name = 'id'): number | null {
  return parseId(c.req.param(name));
}

export function parseId(raw: string | undefined | null): number | null {
  if (!raw || !/^[0-9]{1,19}$/.test(raw)) return null;
  const big = BigInt(raw);
  if (big <= 0n || big > MAX_BIGINT) return null;
  const n = Number(raw);
  return Number.isSafeInteger(n) ? n : null;
}
