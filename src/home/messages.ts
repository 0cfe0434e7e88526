import { defineMessages } from '../i18n/define.ts';

export const homeMessages = defineMessages({
  tr: {
    platformTitle: 'Kervan — bayi portalı hizmeti',
    platformLead: 'Bayileriniz için tek yerde sipariş, fiyat listeleri, cari hesap, kargo takibi, iade ve destek.',
    platformPoints1: 'Her satıcıya kendi adresinde, kendi markasıyla bir portal',
    platformPoints2: 'Bayi kodu, e-posta, parola ve iki adımlı doğrulama ile güvenli giriş',
    platformPoints3: 'Bayiye özel fiyatlar, kredi limiti, onay kuralları',
    platformPoints4: 'Küçük bir sunucuda hızlı; satıcılar birbirinin verisini asla görmez',
    startPortal: 'Portalınızı açın',
    landingTitle: 'Bayi portalı',
    landingLead: (seller: string) => `${seller} bayileri için sipariş, fiyat ve hesap portalı.`,
    landingDealerText: 'Bayi kodunuz, e-postanız ve parolanızla giriş yapın.',
    landingApplyText: 'Henüz bayimiz değil misiniz? Başvurunuzu çevrimiçi yapın; belgelerinizi yükleyin.',
    landingStaffText: 'Satıcı personeli için arka ofis.',
    contactTitle: 'İletişim',
  },
  en: {
    platformTitle: 'Kervan — the dealer portal service',
    platformLead: 'Ordering, price lists, account, shipment tracking, returns and support for your dealers, in one place.',
    platformPoints1: 'A portal for every seller at its own address, with its own brand',
    platformPoints2: 'Secure sign-in with dealer code, e-mail, password and two-step verification',
    platformPoints3: 'Dealer-specific prices, credit limits, approval rules',
    platformPoints4: 'Fast on a small server; sellers never see each other’s data',
    startPortal: 'Start your portal',
    landingTitle: 'Dealer portal',
    landingLead: (seller: string) => `Ordering, prices and account portal for ${seller} dealers.`,
    landingDealerText: 'Sign in with your dealer code, e-mail and password.',
    landingApplyText: 'Not a dealer yet? Apply online and upload your documents.',
    landingStaffText: 'Back office for the seller’s staff.',
    contactTitle: 'Contact',
  },
});
