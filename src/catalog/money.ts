import type { Context } from 'hono';
import type { AppEnv } from '../web/env.ts';

/** Formats integer minor units in the user's locale; one Intl formatter per currency per request. */
export const moneyFormat = (c: Context<AppEnv>) => {
  const formats = new Map<string, Intl.NumberFormat>();
  return (minor: number, currency: string) => {
    let f = formats.get(currency);
    if (!f) {
      f = new Intl.NumberFormat(c.var.locale === 'tr' ? 'tr-TR' : 'en-GB', { style: 'currency', currency });
      formats.set(currency, f);
    }
    return f.format(minor / 100);
  };
};
