import type { Locale } from '../i18n/define.ts';

export interface Rendered {
  subject: string;
  text: string;
  html: string;
}

export interface Brand {
  sellerName: string;
  primaryColor: string | null;
  portalUrl: string;
  /** PLT-4: the seller's contact details for the mail footer (loaded by `loadBrand`; absent = not shown). */
  contact?: { phone: string; email: string; address: string; website: string };
}

export const esc = (s: string) =>
  s.replace(/[&<>"']/g, (ch) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[ch]!);

/** Wraps a message body in the seller-branded mail frame (inline styles: mail clients ignore stylesheets). */
/**
 * `extra.html` is a block of markup built by the caller (escape every value with `esc`), placed
 * after the paragraphs — e.g. an order summary table; `extra.after` are paragraphs after it.
 */
export function frame(brand: Brand, locale: Locale, title: string, paragraphs: string[], action?: { label: string; url: string }, extra?: { html?: string; after?: string[] }): string {
  const colour = /^#[0-9a-f]{6}$/i.test(brand.primaryColor ?? '') ? brand.primaryColor! : '#1f4e79';
  const para = (p: string) => `<p style="margin:0 0 12px">${esc(p)}</p>`;
  const body = paragraphs.map(para).join('') + (extra?.html ?? '') + (extra?.after ?? []).map(para).join('');
  const button = action
    ? `<p><a href="${esc(action.url)}" style="display:inline-block;background:${colour};color:#fff;padding:10px 16px;border-radius:4px;text-decoration:none">${esc(action.label)}</a></p>`
    : '';
  return `<!doctype html><html lang="${locale}"><body style="font-family:Arial,sans-serif;color:#1b1f24;background:#f4f5f7;padding:24px">
<div style="max-width:560px;margin:auto;background:#fff;border-top:4px solid ${colour};padding:24px">
<h1 style="font-size:18px;margin:0 0 16px">${esc(brand.sellerName)}</h1><h2 style="font-size:16px">${esc(title)}</h2>${body}${button}
<p style="color:#5b6470;font-size:12px;margin-top:24px">${esc(brand.portalUrl)}</p>${contactLine(brand)}</div></body></html>`;
}

function contactLine(brand: Brand): string {
  const c = brand.contact;
  if (!c) return '';
  const parts = [c.phone, c.email, c.website, c.address.replace(/\s*\n\s*/g, ', ')].filter(Boolean);
  return parts.length ? `<p style="color:#5b6470;font-size:12px;margin:4px 0 0">${parts.map(esc).join(' · ')}</p>` : '';
}

export type TemplateFn<P> = (p: P, brand: Brand) => Rendered;

export function define<P>(t: Record<Locale, TemplateFn<P>>) {
  return t;
}

