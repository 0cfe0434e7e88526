import { homeMessages } from '../../src/home/messages.ts';
import type { Locale } from '../../src/i18n/define.ts';
import type { SettingValue } from '../../src/settings/settings.ts';

/** The seller's contact details (PLT-4): a line in the footer, a card on the landing page. Empty details render nothing. */
export function ContactDetails(p: { contact: SettingValue<'contact'>; variant: 'footer' | 'card'; locale: Locale }) {
  const c = p.contact;
  if (!c.phone && !c.email && !c.website && !c.address) return <span class="contact-empty" />;
  const items = (
    <>
      {c.phone ? (
        <li>
          <a href={`tel:${c.phone.replace(/[^0-9+]/g, '')}`}>{c.phone}</a>
        </li>
      ) : null}
      {c.email ? (
        <li>
          <a href={`mailto:${c.email}`}>{c.email}</a>
        </li>
      ) : null}
      {c.website && /^https?:\/\//i.test(c.website) ? (
        <li>
          <a href={c.website} rel="noopener">
            {c.website.replace(/^https?:\/\//, '')}
          </a>
        </li>
      ) : null}
      {c.address ? <li class="contact__address">{c.address}</li> : null}
    </>
  );
  if (p.variant === 'footer') {
    return (
      <address class="contact contact--footer" data-testid="contact">
        <ul>{items}</ul>
      </address>
    );
  }
  return (
    <div class="card contact contact--card" data-testid="contact">
      <h2>{homeMessages[p.locale].contactTitle}</h2>
      <address>
        <ul>{items}</ul>
      </address>
    </div>
  );
}
