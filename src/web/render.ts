import type { Context } from 'hono';
import type { Child } from 'hono/jsx';
import type { AppEnv } from './env.ts';

/** An htmx request wants a fragment; a history restore wants the full page again. */
export function wantsFragment(c: Context<AppEnv>): boolean {
  return c.req.header('HX-Request') === 'true' && c.req.header('HX-History-Restore-Request') !== 'true';
}

/**
 * The one place that decides page vs fragment. `page` wraps the fragment in its layout.
 * Caches must keep the two apart, hence `Vary: HX-Request`.
 */
export function render(
  c: Context<AppEnv>,
  fragment: Child,
  page: (fragment: Child) => Child,
  status: 200 | 201 | 400 | 403 | 404 | 409 | 422 = 200,
) {
  c.header('Vary', 'HX-Request', { append: true });
  return c.html(wantsFragment(c) ? (fragment as never) : (page(fragment) as never), status);
}
