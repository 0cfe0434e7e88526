import { raw } from 'hono/html';
import type { Child } from 'hono/jsx';
import type { Locale } from '../../src/i18n/define.ts';

export interface DocumentProps {
  title: string;
  locale: Locale;
  children: Child;
  extraCss?: string[];
  bodyClass?: string;
  /** Tenant pages use the seller's logo. */
  icon?: string;
}

/** The HTML shell: assets are same-origin only (CSP script-src 'self'), htmx 4 configured by meta tag. */
export function Document(p: DocumentProps) {
  return (
    <>
      {raw('<!doctype html>')}
      <html lang={p.locale}>
        <head>
          <meta charset="utf-8" />
          <meta name="viewport" content="width=device-width, initial-scale=1" />
          <title>{p.title}</title>
          <meta name="htmx-config" content='{"noSwap":[204,304,500,502,503,504],"includeIndicatorCSS":false}' />
          <link rel="icon" href={p.icon ?? '/static/favicon.svg'} type="image/svg+xml" />
          <link rel="stylesheet" href="/static/css/app.css" />
          {(p.extraCss ?? []).map((href) => (
            <link rel="stylesheet" href={href} />
          ))}
          <script src="/static/htmx.min.js" defer></script>
          <script src="/static/js/app.js" defer></script>
        </head>
        <body class={p.bodyClass}>{p.children}</body>
      </html>
    </>
  );
}
