import { Hono } from 'hono';
import type { AppEnv } from '../web/env.ts';

export const DEFAULT_BRAND_COLOUR = '#1f4e79';

export const brandRoutes = new Hono<AppEnv>();

/** Seller branding reaches the pages as CSS custom properties (no inline styles: CSP style-src 'self'). */
brandRoutes.get('/brand.css', (c) => {
  const colour = safeColour(c.var.tenant.primaryColor);
  c.header('Content-Type', 'text/css; charset=utf-8');
  c.header('Cache-Control', 'public, max-age=300');
  return c.body(`:root{--brand:${colour};--brand-contrast:${contrastOn(colour)}}\n`);
});

/** Until a logo is uploaded, a monogram in the brand colour stands in. */
brandRoutes.get('/brand/logo', (c) => {
  const colour = safeColour(c.var.tenant.primaryColor);
  const letter = escapeXml(c.var.tenant.name.trim().charAt(0).toLocaleUpperCase('tr') || 'K');
  c.header('Content-Type', 'image/svg+xml');
  c.header('Cache-Control', 'public, max-age=300');
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
