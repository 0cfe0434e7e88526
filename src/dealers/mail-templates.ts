import { define, frame } from '../notifications/mail-frame.ts';

/** Mails of dealer onboarding (IAM-1…IAM-3). */
export const dealerTemplates = {
  'dealer-application-received': define<{ company: string; contactName: string }>({
    tr: (p, b) => {
      const title = 'Bayilik başvurunuz alındı';
      const lines = [`Merhaba ${p.contactName},`, `${p.company} adına yaptığınız bayilik başvurusu ${b.sellerName} tarafından alındı.`, 'Başvurunuz incelendikten sonra sonucu e-postayla bildireceğiz.'];
      return { subject: `${b.sellerName}: ${title}`, text: `${title}\n\n${lines.join('\n')}`, html: frame(b, 'tr', title, lines) };
    },
    en: (p, b) => {
      const title = 'Your dealer application was received';
      const lines = [`Hello ${p.contactName},`, `${b.sellerName} has received the dealer application for ${p.company}.`, 'We will tell you the outcome by e-mail once it has been reviewed.'];
      return { subject: `${b.sellerName}: ${title}`, text: `${title}\n\n${lines.join('\n')}`, html: frame(b, 'en', title, lines) };
    },
  }),
  'dealer-application-notice': define<{ company: string; taxNumber: string; url: string }>({
    tr: (p, b) => {
      const title = 'Yeni bayilik başvurusu';
      const lines = [`${p.company} (vergi no ${p.taxNumber}) bayilik başvurusu gönderdi ya da istenen belgeleri yükledi.`, 'Başvuruyu inceleme kuyruğunda açabilirsiniz.'];
      return { subject: `${b.sellerName}: ${title} — ${p.company}`, text: `${title}\n\n${lines.join('\n')}\n\n${p.url}`, html: frame(b, 'tr', title, lines, { label: 'Başvuruyu aç', url: p.url }) };
    },
    en: (p, b) => {
      const title = 'New dealer application';
      const lines = [`${p.company} (tax number ${p.taxNumber}) sent a dealer application or uploaded the requested documents.`, 'You can open it in the review queue.'];
      return { subject: `${b.sellerName}: ${title} — ${p.company}`, text: `${title}\n\n${lines.join('\n')}\n\n${p.url}`, html: frame(b, 'en', title, lines, { label: 'Open the application', url: p.url }) };
    },
  }),
  'dealer-application-approved': define<{ company: string; contactName: string; dealerCode: string }>({
    tr: (p, b) => {
      const title = 'Bayilik başvurunuz onaylandı';
      const lines = [
        `Merhaba ${p.contactName},`,
        `${p.company} için yaptığınız bayilik başvurusu onaylandı.`,
        `Bayi kodunuz: ${p.dealerCode}`,
        'Portala giriş için ayrı bir davet e-postası aldınız; parolanızı oradaki bağlantıyla belirleyin. Girişte bayi kodunuz, e-postanız ve parolanız istenir.',
      ];
      return { subject: `${b.sellerName}: ${title}`, text: `${title}\n\n${lines.join('\n')}\n\n${b.portalUrl}`, html: frame(b, 'tr', title, lines, { label: 'Portala git', url: b.portalUrl }) };
    },
    en: (p, b) => {
      const title = 'Your dealer application was approved';
      const lines = [
        `Hello ${p.contactName},`,
        `The dealer application for ${p.company} was approved.`,
        `Your dealer code: ${p.dealerCode}`,
        'You have received a separate invitation e-mail; set your password with its link. Sign-in asks for your dealer code, e-mail and password.',
      ];
      return { subject: `${b.sellerName}: ${title}`, text: `${title}\n\n${lines.join('\n')}\n\n${b.portalUrl}`, html: frame(b, 'en', title, lines, { label: 'Go to the portal', url: b.portalUrl }) };
    },
  }),
  'dealer-application-rejected': define<{ company: string; contactName: string; reason: string }>({
    tr: (p, b) => {
      const title = 'Bayilik başvurunuz hakkında';
      const lines = [`Merhaba ${p.contactName},`, `${p.company} için yaptığınız bayilik başvurusu maalesef onaylanmadı.`, `Gerekçe: ${p.reason}`, 'Sorularınız için satıcıyla iletişime geçebilirsiniz.'];
      return { subject: `${b.sellerName}: ${title}`, text: `${title}\n\n${lines.join('\n')}`, html: frame(b, 'tr', title, lines) };
    },
    en: (p, b) => {
      const title = 'About your dealer application';
      const lines = [`Hello ${p.contactName},`, `Unfortunately the dealer application for ${p.company} was not approved.`, `Reason: ${p.reason}`, 'Please contact the seller if you have questions.'];
      return { subject: `${b.sellerName}: ${title}`, text: `${title}\n\n${lines.join('\n')}`, html: frame(b, 'en', title, lines) };
    },
  }),
  'dealer-application-documents': define<{ company: string; contactName: string; documents: string[]; message: string; url: string }>({
    tr: (p, b) => {
      const title = 'Başvurunuz için ek belge gerekiyor';
      const lines = [
        `Merhaba ${p.contactName},`,
        `${p.company} bayilik başvurusunu tamamlamak için şu belgeler gerekiyor: ${p.documents.join(', ')}.`,
        ...(p.message ? [`Not: ${p.message}`] : []),
        'Belgeleri aşağıdaki bağlantıdan yükleyin. Bağlantı 14 gün geçerlidir.',
      ];
      return { subject: `${b.sellerName}: ${title}`, text: `${title}\n\n${lines.join('\n')}\n\n${p.url}`, html: frame(b, 'tr', title, lines, { label: 'Belgeleri yükle', url: p.url }) };
    },
    en: (p, b) => {
      const title = 'Further documents needed for your application';
      const lines = [
        `Hello ${p.contactName},`,
        `To complete the dealer application for ${p.company} we need: ${p.documents.join(', ')}.`,
        ...(p.message ? [`Note: ${p.message}`] : []),
        'Upload them with the link below. The link is valid for 14 days.',
      ];
      return { subject: `${b.sellerName}: ${title}`, text: `${title}\n\n${lines.join('\n')}\n\n${p.url}`, html: frame(b, 'en', title, lines, { label: 'Upload documents', url: p.url }) };
    },
  }),
};
