import { Hono } from 'hono';
import { TenantLanding } from '../../views/home/tenant-landing.tsx';
import { TenantLayout } from '../../views/layouts/tenant.tsx';
import type { AppEnv } from '../web/env.ts';
import { homeMessages } from './messages.ts';
import { currentPath } from '../web/scope.ts';

export const homeRoutes = new Hono<AppEnv>();

homeRoutes.get('/', (c) => {
  const { tenant, locale } = c.var;
  return c.html(
    <TenantLayout title={homeMessages[locale].landingTitle} locale={locale} sellerName={tenant.name} currentPath={currentPath(c)} flash={c.var.flash} contact={c.var.contact}>
      <TenantLanding locale={locale} sellerName={tenant.name} contact={c.var.contact} />
    </TenantLayout>,
  );
});
