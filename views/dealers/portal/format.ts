import type { Locale } from '../../../src/i18n/define.ts';
import { dateFormat } from '../../../src/i18n/intl-cache.ts';

/** A calendar day in the tenant's zone (delegation windows are chosen as days). */
export function formatDay(at: Date, locale: Locale, timeZone: string): string {
  return dateFormat(locale, { dateStyle: 'medium', timeZone }).format(at);
}

/** `until` is the first instant after the window; the last day shown is the one before it. */
export function lastDayOf(until: Date): Date {
  return new Date(until.getTime() - 1);
}
