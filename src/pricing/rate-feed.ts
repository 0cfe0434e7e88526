import type { Kysely } from 'kysely';
import type { TenantDb } from '../db/types.ts';
import type { HandlerRegistry, TenantJobContext } from '../jobs/registry.ts';
import { getSetting } from '../settings/settings.ts';
import { parseCurrency, parseDay, parseRate, type RateInput } from './rates.ts';
import { pricingDay } from './resolve.ts';

/**
 * PRC-2: central-bank feed adapters. This is an interface and a registry only — the service has no
 * internet access here, so no feed ships in production code. A deployment that has one (e.g. a
 * TCMB or Norges Bank client) registers it with `registerRateFeed` at worker start and selects it
 * with the environment variable RATE_FEED=<name>; unset (or `none`) means no feed.
 *
 * Daily job (`rate-feed`, one scheduler fanned out per tenant, like stock alerts): when a feed is
 * selected it asks for the seller's pricing day and the currencies the seller needs (price lists,
 * dealers' invoice currencies, fixed-amount campaigns, currencies already kept) and stores what
 * the feed returns.
 *
 * MANUAL WINS: the feed only fills days that have no rate yet (insert … on conflict do nothing).
 * A rate a person entered or uploaded for that currency and day is never overwritten — by this
 * day's run or by any re-run — so re-running the job is a no-op (idempotent). A person can still
 * correct a feed rate on the exchange-rates page: manual entry always overwrites.
 * Rates a feed returns that are not valid (unknown currency, the base currency, bad day, not a
 * positive decimal with at most 8 places) are skipped and counted, never stored.
 */
export interface FeedRate {
  currency: string;
  /** 'YYYY-MM-DD': the day the rate is for (a feed may return the last published day). */
  date: string;
  /** Exact decimal text, base-currency units per 1 unit of `currency`, e.g. '34.1234'. */
  rate: string;
}

export interface RateFeed {
  name: string;
  /**
   * Rates for `day` for the given currencies, each quoted in `base` (the seller's base currency).
   * A feed that cannot quote in `base` returns []. Network errors should throw: the job retries.
   */
  fetchRates(day: string, currencies: string[], base: string): Promise<FeedRate[]>;
}

export const RATE_FEED_JOB = 'rate-feed';
export const RATE_FEED_EVERY_MS = 24 * 3600_000;

const feeds = new Map<string, RateFeed>();

/** Makes a feed selectable by RATE_FEED=<name>; returns a function that removes it again. */
export function registerRateFeed(feed: RateFeed): () => void {
  if (!/^[a-z0-9][a-z0-9-]{0,39}$/.test(feed.name) || feed.name === 'none') throw new Error(`bad rate feed name ${JSON.stringify(feed.name)}`);
  if (feeds.has(feed.name)) throw new Error(`rate feed ${feed.name} is already registered`);
  feeds.set(feed.name, feed);
  return () => {
    if (feeds.get(feed.name) === feed) feeds.delete(feed.name);
  };
}

/** The configured feed name: RATE_FEED, unset/empty/`none` = no feed. */
export function configuredRateFeed(env: NodeJS.ProcessEnv = process.env): string | null {
  const v = (env.RATE_FEED ?? '').trim();
  return v === '' || v === 'none' ? null : v;
}

export function findRateFeed(name: string): RateFeed | undefined {
  return feeds.get(name);
}

/** The currencies the seller needs rates for, other than the base currency, sorted. */
export async function currenciesNeeded(db: Kysely<TenantDb>, base: string): Promise<string[]> {
  const [lists, dealers, campaigns, rates] = await Promise.all([
    db.selectFrom('price_lists').select('currency').distinct().where('active', '=', true).execute(),
    db.selectFrom('dealers').select('invoice_currency as currency').distinct().where('invoice_currency', 'is not', null).execute(),
    db.selectFrom('campaigns').select('currency').distinct().where('currency', 'is not', null).where('active', '=', true).execute(),
    db.selectFrom('exchange_rates').select('currency').distinct().execute(),
  ]);
  const rows = [...lists, ...dealers, ...campaigns, ...rates];
  return [...new Set(rows.map((r) => (r.currency ?? '').trim()))].filter((c) => c && c !== base).sort();
}

export interface FeedRunResult {
  feed: string;
  day: string;
  requested: string[];
  fetched: number;
  inserted: number;
  /** Returned by the feed but a rate already existed for that currency and day (manual wins). */
  kept: number;
  /** Returned by the feed but invalid (not stored). */
  rejected: number;
}

/** One feed pass for one tenant (the job's body; also callable from a script). */
export async function runRateFeed(db: Kysely<TenantDb>, feed: RateFeed, opts: { day: string; base: string }): Promise<FeedRunResult> {
  const requested = await currenciesNeeded(db, opts.base);
  const out: FeedRunResult = { feed: feed.name, day: opts.day, requested, fetched: 0, inserted: 0, kept: 0, rejected: 0 };
  if (!requested.length) return out;
  const got = await feed.fetchRates(opts.day, requested, opts.base);
  out.fetched = got.length;
  const valid = new Map<string, RateInput>();
  for (const r of got) {
    const c = parseCurrency(String(r.currency ?? ''), opts.base);
    const d = parseDay(String(r.date ?? ''));
    const v = parseRate(String(r.rate ?? ''));
    if (!c.ok || !d.ok || !v.ok) {
      out.rejected++;
      continue;
    }
    // A feed repeating a currency and day: the first one counts.
    const key = `${c.value}|${d.value}`;
    if (valid.has(key)) out.rejected++;
    else valid.set(key, { currency: c.value, date: d.value, rate: v.value });
  }
  if (!valid.size) return out;
  const inserted = await db
    .insertInto('exchange_rates')
    .values([...valid.values()].map((r) => ({ currency: r.currency, rate_date: r.date, rate: r.rate })))
    .onConflict((oc) => oc.columns(['currency', 'rate_date']).doNothing())
    .returning('currency')
    .execute();
  out.inserted = inserted.length;
  out.kept = valid.size - inserted.length;
  return out;
}

/** The job: nothing (a debug line) without a configured feed; an unknown name is logged as an error. */
export async function runRateFeedJob(ctx: Pick<TenantJobContext, 'db' | 'tenant' | 'deps'>, opts: { feedName?: string | null; now?: Date } = {}) {
  const { db, tenant, deps } = ctx;
  const name = opts.feedName === undefined ? configuredRateFeed() : opts.feedName;
  if (!name) {
    deps.logger.debug({ job: RATE_FEED_JOB }, 'no exchange-rate feed configured (RATE_FEED unset); nothing to do');
    return { skipped: 'no_feed' as const };
  }
  const feed = findRateFeed(name);
  if (!feed) {
    deps.logger.error({ job: RATE_FEED_JOB, feed: name }, 'RATE_FEED names no registered exchange-rate feed; nothing fetched');
    return { skipped: 'unknown_feed' as const, feed: name };
  }
  const { baseCurrency } = await getSetting(db, 'pricing');
  const res = await runRateFeed(db, feed, { day: pricingDay(opts.now ?? new Date(), tenant.timeZone), base: baseCurrency });
  if (res.inserted || res.rejected) deps.logger.info({ job: RATE_FEED_JOB, ...res }, 'exchange rates fetched');
  return res;
}

/** Daily per tenant (PRC-2). */
export function registerRateFeedJobs(registry: HandlerRegistry): void {
  registry
    .on('reminders', RATE_FEED_JOB, (ctx) => runRateFeedJob(ctx))
    .every({ kind: RATE_FEED_JOB, everyMs: RATE_FEED_EVERY_MS, queue: 'reminders', jobName: RATE_FEED_JOB });
}
