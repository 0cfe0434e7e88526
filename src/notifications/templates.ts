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
}

const esc = (s: string) =>
  s.replace(/[&<>"']/g, (ch) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[ch]!);

/** Wraps a message body in the seller-branded mail frame (inline styles: mail clients ignore stylesheets). */
function frame(brand: Brand, locale: Locale, title: string, paragraphs: string[], action?: { label: string; url: string }): string {
  const colour = /^#[0-9a-f]{6}$/i.test(brand.primaryColor ?? '') ? brand.primaryColor! : '#1f4e79';
  const body = paragraphs.map((p) => `<p style="margin:0 0 12px">${esc(p)}</p>`).join('');
  const button = action
    ? `<p><a href="${esc(action.url)}" style="display:inline-block;background:${colour};color:#fff;padding:10px 16px;border-radius:4px;text-decoration:none">${esc(action.label)}</a></p>`
    : '';
  return `<!doctype html><html lang="${locale}"><body style="font-family:Arial,sans-serif;color:#1b1f24;background:#f4f5f7;padding:24px">
<div style="max-width:560px;margin:auto;background:#fff;border-top:4px solid ${colour};padding:24px">
<h1 style="font-size:18px;margin:0 0 16px">${esc(brand.sellerName)}</h1><h2 style="font-size:16px">${esc(title)}</h2>${body}${button}
<p style="color:#5b6470;font-size:12px;margin-top:24px">${esc(brand.portalUrl)}</p></div></body></html>`;
}

type TemplateFn<P> = (p: P, brand: Brand) => Rendered;

function define<P>(t: Record<Locale, TemplateFn<P>>) {
  return t;
}

export const templates = {
  'test-message': define<{ requestedBy: string }>({
    tr: (p, b) => {
      const title = 'Deneme e-postası';
      const lines = [`${p.requestedBy} tarafından ${b.sellerName} portalından gönderilen deneme e-postasıdır.`, 'Bu e-postayı aldıysanız e-posta gönderimi çalışıyor.'];
      return { subject: `${b.sellerName}: ${title}`, text: `${title}\n\n${lines.join('\n')}\n\n${b.portalUrl}`, html: frame(b, 'tr', title, lines) };
    },
    en: (p, b) => {
      const title = 'Test e-mail';
      const lines = [`A test e-mail sent from the ${b.sellerName} portal by ${p.requestedBy}.`, 'If you received it, sending e-mail works.'];
      return { subject: `${b.sellerName}: ${title}`, text: `${title}\n\n${lines.join('\n')}\n\n${b.portalUrl}`, html: frame(b, 'en', title, lines) };
    },
  }),
  'portal-ready': define<{ ownerName: string }>({
    tr: (p, b) => {
      const title = 'Bayi portalınız hazır';
      const lines = [`Merhaba ${p.ownerName},`, `${b.sellerName} bayi portalı kuruldu. Bayileriniz aşağıdaki adresten başvurabilir ve giriş yapabilir.`];
      return {
        subject: `${b.sellerName}: ${title}`,
        text: `${title}\n\n${lines.join('\n')}\n\n${b.portalUrl}`,
        html: frame(b, 'tr', title, lines, { label: 'Portalı aç', url: b.portalUrl }),
      };
    },
    en: (p, b) => {
      const title = 'Your dealer portal is ready';
      const lines = [`Hello ${p.ownerName},`, `The ${b.sellerName} dealer portal is set up. Your dealers can apply and sign in at the address below.`];
      return {
        subject: `${b.sellerName}: ${title}`,
        text: `${title}\n\n${lines.join('\n')}\n\n${b.portalUrl}`,
        html: frame(b, 'en', title, lines, { label: 'Open the portal', url: b.portalUrl }),
      };
    },
  }),
} as const;

export type TemplateName = keyof typeof templates;
export type TemplatePayload<N extends TemplateName> = Parameters<(typeof templates)[N]['tr']>[0];

export function renderTemplate<N extends TemplateName>(name: N, locale: Locale, payload: TemplatePayload<N>, brand: Brand): Rendered {
  const fn = templates[name][locale] as TemplateFn<TemplatePayload<N>>;
  return fn(payload, brand);
}
