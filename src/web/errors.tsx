import type { Context } from 'hono';
import { getCookie } from 'hono/cookie';
import { ErrorPage } from '../../views/errors/error-page.tsx';
import { PlatformLayout } from '../../views/layouts/platform.tsx';
import { TenantLayout } from '../../views/layouts/tenant.tsx';
import { common } from '../i18n/common.ts';
import { isLocale, localeFromAcceptLanguage, type Locale } from '../i18n/define.ts';
import type { AppEnv } from './env.ts';
import { currentPath } from './scope.ts';
import { wantsFragment } from './render.ts';

type ErrorStatus = 400 | 403 | 404 | 500 | 503;

function localeOf(c: Context<AppEnv>): Locale {
  if (c.var.locale) return c.var.locale;
  const cookie = getCookie(c, 'lang');
  if (isLocale(cookie)) return cookie;
  return localeFromAcceptLanguage(c.req.header('Accept-Language')) ?? c.var.tenant?.defaultLocale ?? 'tr';
}

function page(c: Context<AppEnv>, status: ErrorStatus, title: string, text: string, withReference = false, backHref?: string | null) {
  const locale = localeOf(c);
  const t = common[locale];
  const body = (
    <ErrorPage title={title} text={text} backLabel={t.backHome} backHref={backHref} reference={withReference ? c.var.requestId : undefined} referenceLabel={t.errorReference} />
  );
  c.header('Cache-Control', 'no-store');
  if (wantsFragment(c)) return c.html(body, status);
  const tenant = c.var.tenant;
  const full = tenant ? (
    <TenantLayout title={title} locale={locale} sellerName={tenant.name} currentPath={currentPath(c)} flash={null} contact={c.var.contact}>
      {body}
    </TenantLayout>
  ) : (
    <PlatformLayout title={title} locale={locale} currentPath={currentPath(c)} switchLabel={t.switchTo}>
      {body}
    </PlatformLayout>
  );
  return c.html(full, status);
}

/** Error pages never show stack traces; a 500 shows the request id to quote to support. */
export function renderError(c: Context<AppEnv>, status: ErrorStatus) {
  const t = common[localeOf(c)];
  switch (status) {
    case 400:
      return page(c, 400, t.badRequestTitle, t.serverErrorText);
    case 403:
      return page(c, 403, t.forbiddenTitle, t.forbiddenText);
    case 404:
      return page(c, 404, t.notFoundTitle, t.notFoundText);
    case 503:
      return page(c, 503, t.suspendedTitle, t.suspendedText);
    default:
      return page(c, 500, t.serverErrorTitle, t.serverErrorText, true);
  }
}

export function renderUnknownHost(c: Context<AppEnv>) {
  const t = common[localeOf(c)];
  // "/" here is the same unknown host: point at the platform home instead.
  const { PUBLIC_SCHEME, BASE_DOMAIN, PORT } = c.var.deps.config;
  const platformHome = `${PUBLIC_SCHEME}://${BASE_DOMAIN}${PUBLIC_SCHEME === 'http' ? `:${PORT}` : ''}/`;
  return page(c, 404, t.unknownPortalTitle, t.unknownPortalText, false, platformHome);
}

export function renderSuspended(c: Context<AppEnv>) {
  const t = common[localeOf(c)];
  return page(c, 503, t.suspendedTitle, t.suspendedText, false, null);
}
