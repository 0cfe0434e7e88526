import type { Locale } from '../../src/i18n/define.ts';
import { shippingMessages } from '../../src/shipping/messages.ts';
import type { ShipmentView } from '../../src/shipping/shipments.ts';
import { ShipmentHeadline } from './shipments.tsx';
import { dateFormat } from '../../src/i18n/intl-cache.ts';

const dt = (locale: Locale, d: Date, tz: string) => dateFormat(locale === 'tr' ? 'tr-TR' : 'en-GB', { dateStyle: 'medium', timeStyle: 'short', timeZone: tz }).format(d);

/**
 * The dealer's read-only view of an order's shipments (SHP-2/SHP-4 groundwork): what left the
 * warehouse, with carrier, tracking number and link, dates and lines. Pass
 * `shipmentsForOrder(db, orderId)` (shipped and delivered only) after the ownership check.
 */
export function DealerShipments(p: { locale: Locale; tz: string; shipments: ShipmentView[] }) {
  const m = shippingMessages[p.locale];
  if (!p.shipments.length) return null;
  return (
    <section aria-labelledby="dealer-shipments-title" id="shipments" class="stack shipments">
      <h2 id="dealer-shipments-title">{m.title}</h2>
      <ol class="shipment-list">
        {p.shipments.map((s) => (
          <li class={`shipment shipment--${s.status}`} id={`shipment-${s.id}`}>
            <div class="shipment__head">
              <ShipmentHeadline shipment={s} locale={p.locale} />
              <span class="muted small">
                {s.shipped_at ? ` · ${m.shippedAt} ${dt(p.locale, s.shipped_at, p.tz)}` : ''}
                {s.delivered_at ? ` · ${m.deliveredAt} ${dt(p.locale, s.delivered_at, p.tz)}` : ''}
              </span>
            </div>
            <ul class="shipment__lines small">
              {s.lines.map((l) => (
                <li>
                  <span class="mono">{l.sku}</span> {l.name} × <strong>{l.qty}</strong> {l.unit}
                </li>
              ))}
            </ul>
          </li>
        ))}
      </ol>
    </section>
  );
}
