import type { Child } from 'hono/jsx';
import { common } from '../../src/i18n/common.ts';
import type { Locale } from '../../src/i18n/define.ts';
import type { Flash } from '../../src/web/flash.ts';
import { FlashMessage } from '../components/flash.tsx';
import { Document } from './document.tsx';
import { ContactDetails } from '../home/contact-details.tsx';
import type { SettingValue } from '../../src/settings/settings.ts';

export interface NavItem {
  href: string;
  label: string;
  count?: number;
  /** Other path prefixes that belong to this item (a section with several pages). */
  also?: string[];
}

export interface TenantLayoutProps {
  title: string;
  locale: Locale;
  sellerName: string;
  currentPath: string;
  flash: Flash | null;
  nav?: NavItem[];
  /** Right side of the top bar (account menu once signed in). */
  account?: Child;
  /** Dealer pages: the cart badge (ORD-1) before the account menu. */
  cart?: Child;
  /** Seller contact details for the footer (PLT-4). */
  contact?: SettingValue<'contact'> | null;
  children: Child;
}

/** The seller's portal frame: brand bar, optional side navigation, content, footer. */
export function TenantLayout(p: TenantLayoutProps) {
  const t = common[p.locale];
  const other: Locale = p.locale === 'tr' ? 'en' : 'tr';
  const back = encodeURIComponent(p.currentPath);
  // The longest nav href that the path is in marks the current item ("/portal" must not win on "/portal/users").
  const path = p.currentPath.split('?')[0]!;
  const under = (prefix: string) => path === prefix || path.startsWith(`${prefix}/`);
  const current = (p.nav ?? [])
    .flatMap((i) => [i.href, ...(i.also ?? [])].filter(under).map((prefix) => ({ href: i.href, len: prefix.length })))
    .sort((a, b) => b.len - a.len)[0]?.href;
  return (
    <Document title={`${p.title} · ${p.sellerName}`} locale={p.locale} extraCss={['/brand.css']} icon="/brand/logo">
      <a class="skip" href="#main">
        {t.skipToContent}
      </a>
      <header class="topbar">
        <a class="topbar__brand" href="/">
          <img class="topbar__logo" src="/brand/logo" alt="" width="28" height="28" />
          <span>{p.sellerName}</span>
        </a>
        <div class="topbar__end">
          {p.cart ?? null}
          {p.account ?? null}
          <a class="topbar__lang" href={`/lang/${other}?back=${back}`} hreflang={other} lang={other} data-testid="lang-switch">
            {t.switchTo}
          </a>
        </div>
      </header>
      <div class={p.nav?.length ? 'shell shell--nav' : 'shell'}>
        {p.nav?.length ? (
          <nav class="sidenav" aria-label={t.mainNav}>
            <ul>
              {p.nav.map((item) => (
                <li>
                  <a href={item.href} aria-current={item.href === current ? 'page' : undefined}>
                    {item.label}
                    {item.count ? <span class="count">{item.count}</span> : null}
                  </a>
                </li>
              ))}
            </ul>
          </nav>
        ) : null}
        <main id="main" tabindex={-1}>
          <FlashMessage flash={p.flash} />
          {p.children}
        </main>
      </div>
      <footer class="footer">
        <span>© {p.sellerName}</span>
        {p.contact ? (
          <div class="footer__contact">
            <ContactDetails contact={p.contact} variant="footer" locale={p.locale} />
          </div>
        ) : null}
        <span>{t.footerPowered}</span>
      </footer>
    </Document>
  );
}
