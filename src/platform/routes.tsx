import { Hono } from 'hono';
import { PlatformHome } from '../../views/home/platform-home.tsx';
import { PlatformLayout } from '../../views/layouts/platform.tsx';
import { homeMessages } from '../home/messages.ts';
import { common } from '../i18n/common.ts';
import type { AppEnv } from '../web/env.ts';
import { currentPath } from '../web/scope.ts';

/** Pages of the base domain: what the service is, and (identity issue) seller sign-up. */
export const platformRoutes = new Hono<AppEnv>();

platformRoutes.get('/', (c) => {
  const locale = c.var.locale;
  return c.html(
    <PlatformLayout title={homeMessages[locale].platformTitle} locale={locale} currentPath={currentPath(c)} switchLabel={common[locale].switchTo}>
      <PlatformHome locale={locale} />
    </PlatformLayout>,
  );
});
