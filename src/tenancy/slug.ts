/** A slug becomes a host label: lower-case letters, digits and inner hyphens, 3–30 characters. */
const SLUG_RE = /^[a-z0-9](?:[a-z0-9-]{1,28})[a-z0-9]$/;
const RESERVED = new Set([
  'www', 'api', 'app', 'admin', 'platform', 'static', 'assets', 'mail', 'smtp', 'status', 'help', 'support',
  'docs', 'blog', 'kervan', 'staff', 'login', 'signup', 'billing', 'metrics', 'healthz', 'readyz', 'test', 'demo',
]);

export type SlugProblem = 'format' | 'reserved' | 'hyphens';

export function checkSlug(slug: string): SlugProblem | null {
  if (!SLUG_RE.test(slug)) return 'format';
  if (slug.includes('--')) return 'hyphens';
  if (RESERVED.has(slug)) return 'reserved';
  return null;
}

export function slugMessage(problem: SlugProblem): string {
  switch (problem) {
    case 'format':
      return 'slug must be 3–30 characters: lower-case letters a–z, digits and hyphens, not starting or ending with a hyphen';
    case 'hyphens':
      return 'slug must not contain two hyphens in a row';
    case 'reserved':
      return 'slug is reserved for the platform';
  }
}
