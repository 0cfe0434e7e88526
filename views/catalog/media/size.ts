import { numberFormat } from '../../../src/i18n/intl-cache.ts';
/** A file size for people: "820 KB", "1,4 MB" (Turkish decimal comma), never bytes past 1 KB. */
export function formatSize(bytes: number, locale: 'tr' | 'en'): string {
  const fmt = (n: number) => numberFormat(locale === 'tr' ? 'tr-TR' : 'en-GB', { maximumFractionDigits: 1 }).format(n);
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${fmt(Math.round(bytes / 1024))} KB`;
  return `${fmt(bytes / (1024 * 1024))} MB`;
}
