import { dateFormat } from '../../src/i18n/intl-cache.ts';
/** Absolute date in the tenant's zone, full timestamp in the title. */
export function Time(p: { at: Date; locale: string; timeZone: string }) {
  const short = dateFormat(p.locale, { dateStyle: 'medium', timeStyle: 'short', timeZone: p.timeZone }).format(p.at);
  const full = dateFormat(p.locale, { dateStyle: 'full', timeStyle: 'long', timeZone: p.timeZone }).format(p.at);
  return (
    <time datetime={p.at.toISOString()} title={full}>
      {short}
    </time>
  );
}
