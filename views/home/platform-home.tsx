import { homeMessages } from '../../src/home/messages.ts';
import type { Locale } from '../../src/i18n/define.ts';

export function PlatformHome(p: { locale: Locale }) {
  const m = homeMessages[p.locale];
  return (
    <section class="hero">
      <h1>{m.platformTitle}</h1>
      <p class="lead">{m.platformLead}</p>
      <ul class="ticks">
        <li>{m.platformPoints1}</li>
        <li>{m.platformPoints2}</li>
        <li>{m.platformPoints3}</li>
        <li>{m.platformPoints4}</li>
      </ul>
      <a class="btn btn--primary btn--large" href="/signup">
        {m.startPortal}
      </a>
    </section>
  );
}
