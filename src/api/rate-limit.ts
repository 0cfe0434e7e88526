import type { Redis } from 'ioredis';

/**
 * Per-key token bucket in Redis (API-1). The bucket holds `limit` tokens and refills at `limit`
 * per minute, so a key may send a minute's worth at once and then `limit`/min sustained. One Lua
 * script reads, refills and takes atomically using Redis's clock, so every web process shares
 * one bucket per key. Keys carry the tenant id.
 */
const SCRIPT = `
local cap = tonumber(ARGV[1])
local per_ms = cap / 60000
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local state = redis.call('HMGET', KEYS[1], 'tokens', 'ts')
local tokens = tonumber(state[1])
local ts = tonumber(state[2])
if tokens == nil or ts == nil then tokens = cap; ts = now end
tokens = math.min(cap, tokens + math.max(0, now - ts) * per_ms)
local allowed = 0
if tokens >= 1 then
  tokens = tokens - 1
  allowed = 1
end
redis.call('HSET', KEYS[1], 'tokens', tostring(tokens), 'ts', tostring(now))
redis.call('PEXPIRE', KEYS[1], math.ceil((cap - tokens) / per_ms) + 1000)
return { allowed, math.floor(tokens * 1000) }
`;

export interface RateDecision {
  allowed: boolean;
  limit: number;
  remaining: number;
  /** Seconds until the bucket is full again. */
  resetSeconds: number;
  /** Seconds until the next request would be allowed (0 when allowed). */
  retryAfterSeconds: number;
}

export async function takeApiToken(redis: Redis, tenantId: number, keyId: number, limit: number): Promise<RateDecision> {
  const [allowed, milliTokens] = (await redis.eval(SCRIPT, 1, `api-rl:${tenantId}:${keyId}`, String(limit))) as [number, number];
  const tokens = milliTokens / 1000;
  const perSecond = limit / 60;
  return {
    allowed: allowed === 1,
    limit,
    remaining: Math.floor(tokens),
    resetSeconds: Math.ceil((limit - tokens) / perSecond),
    retryAfterSeconds: allowed === 1 ? 0 : Math.max(1, Math.ceil((1 - tokens) / perSecond)),
  };
}
