import type { Locale } from '../../src/i18n/define.ts';
import { pricingTabMessages } from '../../src/pricing/tabs-messages.ts';

export type PricingTab = 'lists' | 'segments' | 'campaigns' | 'payment' | 'rates' | 'preview' | 'settings';

/** Section tabs shared by every staff pricing page; the "Pricing" nav item opens the price lists. */
export function PricingTabs(p: { locale: Locale; current: PricingTab }) {
  const m = pricingTabMessages[p.locale];
  const tabs: Array<{ key: PricingTab; href: string; label: string }> = [
    { key: 'lists', href: '/staff/price-lists', label: m.tabLists },
    { key: 'segments', href: '/staff/segments', label: m.tabSegments },
    { key: 'campaigns', href: '/staff/campaigns', label: m.tabCampaigns },
    { key: 'payment', href: '/staff/payment-methods', label: m.tabPayment },
    { key: 'rates', href: '/staff/rates', label: m.tabRates },
    { key: 'preview', href: '/staff/price-preview', label: m.tabPreview },
    { key: 'settings', href: '/staff/pricing-settings', label: m.tabSettings },
  ];
  return (
    <nav class="cat-tabs" aria-label={m.tabsLabel}>
      {tabs.map((t) => (
        <a href={t.href} aria-current={t.key === p.current ? 'page' : undefined}>
          {t.label}
        </a>
      ))}
    </nav>
  );
}
