import type { Locale } from '../i18n/define.ts';
import { authTemplates } from '../auth/mail-templates.ts';
import { dealerTemplates } from '../dealers/mail-templates.ts';
import { portalMailTemplates } from '../dealers/portal-messages.ts';
import { staffTemplates } from '../staff/mail-templates.ts';
import { stockTemplates } from '../stock/mail-templates.ts';
import { define, frame, type Brand, type Rendered, type TemplateFn } from './mail-frame.ts';

export type { Brand, Rendered };

const coreTemplates = {
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

/** Every mail template, per domain; each domain keeps its templates next to its code. */
export const templates = { ...coreTemplates, ...authTemplates, ...dealerTemplates, ...portalMailTemplates, ...staffTemplates, ...stockTemplates };

export type TemplateName = keyof typeof templates;
export type TemplatePayload<N extends TemplateName> = Parameters<(typeof templates)[N]['tr']>[0];

export function renderTemplate<N extends TemplateName>(name: N, locale: Locale, payload: TemplatePayload<N>, brand: Brand): Rendered {
  const fn = templates[name][locale] as TemplateFn<TemplatePayload<N>>;
  return fn(payload, brand);
}
