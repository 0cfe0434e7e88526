import { homeMessages } from '../../src/home/messages.ts';
import { common } from '../../src/i18n/common.ts';
import type { Locale } from '../../src/i18n/define.ts';
import type { SettingValue } from '../../src/settings/settings.ts';
import { ContactDetails } from './contact-details.tsx';

export function TenantLanding(p: { locale: Locale; sellerName: string; contact?: SettingValue<'contact'> | null }) {
  const m = homeMessages[p.locale];
  const t = common[p.locale];
  return (
    <section class="landing">
      <h1 data-testid="seller-name">{p.sellerName}</h1>
      <p class="lead">{m.landingLead(p.sellerName)}</p>
      <div class="cards">
        <div class="card">
          <h2>{t.dealerLogin}</h2>
          <p>{m.landingDealerText}</p>
          <a class="btn btn--primary" href="/login">
            {t.dealerLogin}
          </a>
        </div>
        <div class="card">
          <h2>{t.applyDealer}</h2>
          <p>{m.landingApplyText}</p>
          <a class="btn btn--secondary" href="/apply">
            {t.applyDealer}
          </a>
        </div>
        {p.contact ? <ContactDetails contact={p.contact} variant="card" locale={p.locale} /> : null}
        <div class="card card--quiet">
          <h2>{t.staffLogin}</h2>
          <p>{m.landingStaffText}</p>
          <a class="btn btn--link" href="/staff/login">
            {t.staffLogin}
          </a>
        </div>
      </div>
    </section>
  );
}
