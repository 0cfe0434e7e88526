import { common } from '../i18n/common.ts';
import type { Locale } from '../i18n/define.ts';
import type { NavItem } from '../../views/layouts/tenant.tsx';

/** Back-office navigation by area; areas appear as their issues land. */
export function staffNav(locale: Locale): NavItem[] {
  const t = common[locale];
  return [{ href: '/staff/outbox', label: t.outbox }];
}
