import { define, frame } from '../notifications/mail-frame.ts';

/** Mails of sign-in and account security (IAM-4, IAM-5, IAM-9: password and e-mail changes). */
export const authTemplates = {
  'user-invite': define<{ name: string; inviter: string; url: string; dealerCode?: string }>({
    tr: (p, b) => {
      const title = `${b.sellerName} portalına davet edildiniz`;
      const lines = [
        `Merhaba ${p.name},`,
        `${p.inviter} sizi ${b.sellerName} portalına davet etti.`,
        ...(p.dealerCode ? [`Bayi kodunuz: ${p.dealerCode}`] : []),
        'Parolanızı belirlemek için bağlantıyı açın. Bağlantı 7 gün geçerlidir.',
      ];
      return { subject: title, text: `${lines.join('\n')}\n\n${p.url}`, html: frame(b, 'tr', title, lines, { label: 'Parolamı belirle', url: p.url }) };
    },
    en: (p, b) => {
      const title = `You are invited to the ${b.sellerName} portal`;
      const lines = [
        `Hello ${p.name},`,
        `${p.inviter} invited you to the ${b.sellerName} portal.`,
        ...(p.dealerCode ? [`Your dealer code: ${p.dealerCode}`] : []),
        'Open the link to set your password. The link is valid for 7 days.',
      ];
      return { subject: title, text: `${lines.join('\n')}\n\n${p.url}`, html: frame(b, 'en', title, lines, { label: 'Set my password', url: p.url }) };
    },
  }),
  'password-reset': define<{ name: string; url: string; dealerCode?: string }>({
    tr: (p, b) => {
      const title = 'Parola sıfırlama';
      const lines = [
        `Merhaba ${p.name},`,
        ...(p.dealerCode ? [`Bayi kodunuz: ${p.dealerCode}`] : []),
        'Parolanızı sıfırlamak için bağlantıyı 30 dakika içinde açın. Bu isteği siz yapmadıysanız e-postayı yok sayın.',
      ];
      return { subject: `${b.sellerName}: ${title}`, text: `${lines.join('\n')}\n\n${p.url}`, html: frame(b, 'tr', title, lines, { label: 'Parolamı sıfırla', url: p.url }) };
    },
    en: (p, b) => {
      const title = 'Password reset';
      const lines = [
        `Hello ${p.name},`,
        ...(p.dealerCode ? [`Your dealer code: ${p.dealerCode}`] : []),
        'Open the link within 30 minutes to reset your password. If you did not ask for this, ignore this e-mail.',
      ];
      return { subject: `${b.sellerName}: ${title}`, text: `${lines.join('\n')}\n\n${p.url}`, html: frame(b, 'en', title, lines, { label: 'Reset my password', url: p.url }) };
    },
  }),
  'password-changed': define<{ name: string }>({
    tr: (p, b) => {
      const title = 'Parolanız değiştirildi';
      const lines = [`Merhaba ${p.name},`, 'Hesabınızın parolası değiştirildi ve diğer oturumlarınız kapatıldı. Bu değişikliği siz yapmadıysanız hemen satıcınızla iletişime geçin.'];
      return { subject: `${b.sellerName}: ${title}`, text: lines.join('\n'), html: frame(b, 'tr', title, lines) };
    },
    en: (p, b) => {
      const title = 'Your password was changed';
      const lines = [`Hello ${p.name},`, 'The password of your account was changed and your other sessions were signed out. If this was not you, contact your seller at once.'];
      return { subject: `${b.sellerName}: ${title}`, text: lines.join('\n'), html: frame(b, 'en', title, lines) };
    },
  }),
  'email-change-confirm': define<{ name: string; newEmail: string; url: string; dealerCode?: string }>({
    tr: (p, b) => {
      const title = 'E-posta adresinizi onaylayın';
      const lines = [
        `Merhaba ${p.name},`,
        `${b.sellerName} portalındaki hesabınızın e-posta adresini ${p.newEmail} olarak değiştirmek istediniz.`,
        ...(p.dealerCode ? [`Bayi kodunuz: ${p.dealerCode}`] : []),
        'Değişikliği onaylamak için bağlantıyı 24 saat içinde açın. Bağlantı bir kez kullanılabilir. Bu isteği siz yapmadıysanız e-postayı yok sayın.',
      ];
      return { subject: `${b.sellerName}: ${title}`, text: `${lines.join('\n')}\n\n${p.url}`, html: frame(b, 'tr', title, lines, { label: 'Adresimi onayla', url: p.url }) };
    },
    en: (p, b) => {
      const title = 'Confirm your e-mail address';
      const lines = [
        `Hello ${p.name},`,
        `You asked to change the e-mail address of your account on the ${b.sellerName} portal to ${p.newEmail}.`,
        ...(p.dealerCode ? [`Your dealer code: ${p.dealerCode}`] : []),
        'Open the link within 24 hours to confirm the change. The link works once. If you did not ask for this, ignore this e-mail.',
      ];
      return { subject: `${b.sellerName}: ${title}`, text: `${lines.join('\n')}\n\n${p.url}`, html: frame(b, 'en', title, lines, { label: 'Confirm my address', url: p.url }) };
    },
  }),
  'email-changed': define<{ name: string; newEmail: string }>({
    tr: (p, b) => {
      const title = 'E-posta adresiniz değiştirildi';
      const lines = [
        `Merhaba ${p.name},`,
        `Hesabınızın e-posta adresi ${p.newEmail} olarak değiştirildi ve diğer oturumlarınız kapatıldı. Bundan sonra bu adrese e-posta gelmeyecek.`,
        'Bu değişikliği siz yapmadıysanız hemen satıcınızla iletişime geçin.',
      ];
      return { subject: `${b.sellerName}: ${title}`, text: lines.join('\n'), html: frame(b, 'tr', title, lines) };
    },
    en: (p, b) => {
      const title = 'Your e-mail address was changed';
      const lines = [
        `Hello ${p.name},`,
        `The e-mail address of your account was changed to ${p.newEmail} and your other sessions were signed out. This address will get no more e-mails from the portal.`,
        'If this was not you, contact your seller at once.',
      ];
      return { subject: `${b.sellerName}: ${title}`, text: lines.join('\n'), html: frame(b, 'en', title, lines) };
    },
  }),
};
