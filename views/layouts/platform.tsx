import type { Child } from 'hono/jsx';
import type { Locale } from '../../src/i18n/define.ts';
import { Document } from './document.tsx';

/** The base-domain frame (the platform's own pages, no seller branding). */
export function PlatformLayout(p: { title: string; locale: Locale; currentPath: string; children: Child; switchLabel: string }) {
  const other: Locale = p.locale === 'tr' ? 'en' : 'tr';
  return (
    <Document title={p.title} locale={p.locale} bodyClass="platform">
      <header class="topbar topbar--platform">
        <a class="topbar__brand" href="/">
          <span class="logo-mark" aria-hidden="true">K</span>
          <span>Kervan</span>
        </a>
        <div class="topbar__end">
          <a class="topbar__lang" href={`/lang/${other}?back=${encodeURIComponent(p.currentPath)}`} hreflang={other} lang={other}>
            {p.switchLabel}
          </a>
        </div>
      </header>
      <main id="main" class="platform-main">
        {p.children}
      </main>
    </Document>
  );
}
