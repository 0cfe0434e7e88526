import { defineMessages } from '../i18n/define.ts';

/** Section tabs shared by every staff pricing page (PRC-1…PRC-6). */
export const pricingTabMessages = defineMessages({
  tr: {
    tabsLabel: 'Fiyatlandırma bölümleri',
    tabLists: 'Fiyat listeleri',
    tabSegments: 'Bayi grupları',
    tabCampaigns: 'Kampanyalar',
    tabPayment: 'Ödeme yöntemleri',
    tabRates: 'Döviz kurları',
    tabPreview: 'Fiyat önizleme',
    tabSettings: 'Para birimi ve KDV',
  },
  en: {
    tabsLabel: 'Pricing sections',
    tabLists: 'Price lists',
    tabSegments: 'Dealer segments',
    tabCampaigns: 'Campaigns',
    tabPayment: 'Payment methods',
    tabRates: 'Exchange rates',
    tabPreview: 'Price preview',
    tabSettings: 'Currency and VAT',
  },
});
