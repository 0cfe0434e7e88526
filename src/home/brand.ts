import { Hono } from 'hono';
import { getSetting } from '../settings/settings.ts';
import { readLogo } from '../staff/logo-store.ts';
import type { AppEnv } from '../web/env.ts';

export const DEFAULT_BRAND_COLOUR = '#1f4e79';

export const brandRoutes = new Hono<AppEnv>();

/** Seller branding reaches the pages as CSS custom properties (no inline styles: CSP style-src 'self'). */
// Revalidated on every use (ETag → 304) so that a colour change shows on the next page, not in five minutes.
brandRoutes.get('/brand.css', (c) => {
  const colour = safeColour(c.var.tenant.primaryColor);
  const etag = `"css-${colour.slice(1)}"`;
  c.header('Cache-Control', 'no-cache');
  c.header('ETag', etag);
  if (c.req.header('If-None-Match') === etag) return c.body(null, 304);
  c.header('Content-Type', 'text/css; charset=utf-8');
  return c.body(`:root{--brand:${colour};--brand-contrast:${contrastOn(colour)}}\n`);
});

/**
 * The uploaded logo (type fixed at upload from its content), else a monogram in the brand colour.
 * `?v=<version>` URLs are immutable; the bare URL (layout, favicon) revalidates by ETag.
 */
brandRoutes.get('/brand/logo', async (c) => {
  const logo = await getSetting(c.var.db, 'logo');
  if (logo.file && logo.mime) {
    const bytes = await readLogo(c.var.deps.config.DATA_DIR, c.var.tenant.id, logo.file);
    if (bytes) {
      const etag = `"logo-${logo.version}"`;
      c.header('ETag', etag);
      c.header('Cache-Control', c.req.query('v') === String(logo.version) ? 'public, max-age=31536000, immutable' : 'no-cache');
      if (c.req.header('If-None-Match') === etag) return c.body(null, 304);
      c.header('Content-Type', logo.mime);
      c.header('Content-Disposition', 'inline; filename="logo"');
      return c.body(new Uint8Array(bytes));
    }
  }
  const colour = safeColour(c.var.tenant.primaryColor);
  const letter = escapeXml(c.var.tenant.name.trim().charAt(0).toLocaleUpperCase('tr') || 'K');
  c.header('Content-Type', 'image/svg+xml');
  c.header('Cache-Control', 'no-cache');
  return c.body(
    `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 32 32"><rect width="32" height="32" rx="6" fill="${colour}"/>` +
      `<text x="16" y="22" font-family="Arial,sans-serif" font-size="18" font-weight="700" text-anchor="middle" fill="${contrastOn(colour)}">${letter}</text></svg>`,
  );
});

export function safeColour(value: string | null | undefined): string {
  return value && /^#[0-9a-f]{6}$/i.test(value) ? value.toLowerCase() : DEFAULT_BRAND_COLOUR;
}

/** Black or white text, whichever has more contrast on the brand colour (WCAG relative luminance). */
export function contrastOn(hex: string): string {
  const [r, g, b] = [1, 3, 5].map((i) => {
    const v = parseInt(hex.slice(i, i + 2), 16) / 255;
    return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4;
  }) as [number, number, number];
  const lum = 0.2126 * r + 0.7152 * g + 0.0722 * b;
  return lum > 0.179 ? '#000000' : '#ffffff';
}

function escapeXml(s: string): string {
  return s.replace(/[<>&"']/g, (ch) => `&#${ch.charCodeAt(0)};`);
}
