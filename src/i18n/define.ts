export const LOCALES = ['tr', 'en'] as const;
export type Locale = (typeof LOCALES)[number];

export function isLocale(v: unknown): v is Locale {
  return v === 'tr' || v === 'en';
}

type Catalog = Record<string, string | ((...args: never[]) => string)>;

/**
 * A typed message catalog: the Turkish catalog fixes the keys and argument types,
 * the English one must match it exactly (a missing or extra key is a type error).
 */
export function defineMessages<T extends Catalog>(catalogs: { tr: T; en: NoInfer<T> }): Record<Locale, T> {
  return catalogs;
}

/** Picks the best supported locale from an Accept-Language header. */
export function localeFromAcceptLanguage(header: string | undefined): Locale | null {
  if (!header) return null;
  const ranked = header
    .split(',')
    .map((part) => {
      const [tag, ...params] = part.trim().split(';');
      const q = params.map((p) => p.trim()).find((p) => p.startsWith('q='));
      return { tag: (tag ?? '').toLowerCase(), q: q ? Number(q.slice(2)) || 0 : 1 };
    })
    .filter((x) => x.q > 0)
    .sort((a, b) => b.q - a.q);
  for (const { tag } of ranked) {
    const base = tag.split('-')[0];
    if (isLocale(base)) return base;
  }
  return null;
}
