import type { Locale } from '../../src/i18n/define.ts';
import { paymentMessages } from '../../src/pricing/payment-messages.ts';
import { PAYMENT_METHODS } from '../../src/pricing/payment.ts';
import { displayPercent } from '../../src/pricing/percent.ts';
import { previewMessages } from '../../src/pricing/preview-messages.ts';
import { displayRate } from '../../src/pricing/rates.ts';
import type { ResolvedPrice } from '../../src/pricing/resolve.ts';
import { Button } from '../components/button.tsx';
import { FieldError, FieldHint } from '../components/form-field.tsx';
import { EmptyState } from '../components/table.tsx';
import { methodLabel } from './payment.tsx';
import { PricingTabs } from './tabs.tsx';

type Money = (minor: number, currency: string) => string;
export const PREVIEW = '/staff/price-preview';

export interface PreviewValues {
  dealer: string;
  product: string;
  qty: string;
  method: string;
  installments: string;
  date: string;
  currency: string;
}
export type PreviewErrors = Partial<Record<keyof PreviewValues, string>>;

export interface PreviewResult {
  dealer: { id: number; code: string; name: string; segmentName: string | null; currency: string };
  product: { id: number; sku: string; name: string; listPrice: number; currency: string };
  baseCurrency: string;
  priceList?: { id: number; name: string; currency: string };
  price: ResolvedPrice;
  tiers: Array<{ minQty: number; price: ResolvedPrice; listName?: string }>;
}

export interface PreviewFailure {
  code: string;
  message: string;
}

export interface PreviewProps {
  locale: Locale;
  values: PreviewValues;
  errors: PreviewErrors;
  result?: PreviewResult;
  failure?: PreviewFailure;
  money: Money;
}

/** Options for the dealer/product pickers (a native datalist filled while typing). */
export function PickerOptions(p: { id: string; options: Array<{ code: string; name: string }> }) {
  return (
    <datalist id={p.id}>
      {p.options.map((o) => (
        <option value={`${o.code} — ${o.name}`} />
      ))}
    </datalist>
  );
}

function Field(p: { name: keyof PreviewValues; label: string; value: string; error?: string | undefined; hint?: string; attrs?: Record<string, string>; type?: string }) {
  const id = `f-${p.name}`;
  const described = [p.hint ? `${id}-hint` : '', p.error ? `${id}-error` : ''].filter(Boolean).join(' ') || undefined;
  return (
    <div class={`field${p.error ? ' field--error' : ''}`} id={`${id}-field`}>
      <label for={id}>{p.label}</label>
      <input id={id} name={p.name} type={p.type ?? 'text'} value={p.value} aria-invalid={p.error ? 'true' : undefined} aria-describedby={described} autocomplete="off" {...(p.attrs ?? {})} />
      <FieldHint id={id} hint={p.hint} />
      <FieldError id={id} error={p.error} />
    </div>
  );
}

function PreviewForm(p: PreviewProps) {
  const m = previewMessages[p.locale];
  const pm = paymentMessages[p.locale];
  const v = p.values;
  const e = p.errors;
  return (
    <form method="get" action={PREVIEW} class="panel preview-form" id="preview-form" role="search" hx-get={PREVIEW} hx-target="#price-preview" hx-swap="outerHTML" hx-push-url="true">
      <div class="preview-form__grid">
        <Field
          name="dealer"
          label={m.dealer}
          value={v.dealer}
          error={e.dealer}
          hint={m.dealerHint}
          attrs={{ list: 'dealer-options', required: '', 'hx-get': `${PREVIEW}/dealers`, 'hx-trigger': 'input changed delay:200ms', 'hx-target': '#dealer-options', 'hx-swap': 'outerHTML', 'hx-sync': 'this:replace' }}
        />
        <PickerOptions id="dealer-options" options={[]} />
        <Field
          name="product"
          label={m.product}
          value={v.product}
          error={e.product}
          hint={m.productHint}
          attrs={{ list: 'product-options', required: '', 'hx-get': `${PREVIEW}/products`, 'hx-trigger': 'input changed delay:200ms', 'hx-target': '#product-options', 'hx-swap': 'outerHTML', 'hx-sync': 'this:replace' }}
        />
        <PickerOptions id="product-options" options={[]} />
        <Field name="qty" label={m.qty} value={v.qty} error={e.qty} type="number" attrs={{ min: '1', max: '1000000', required: '' }} />
        <div class={`field${e.method ? ' field--error' : ''}`} id="f-method-field">
          <label for="f-method">{m.method}</label>
          <select id="f-method" name="method" aria-invalid={e.method ? 'true' : undefined} aria-describedby={e.method ? 'f-method-error' : undefined}>
            <option value="">{m.methodNone}</option>
            {PAYMENT_METHODS.map((x) => (
              <option value={x} selected={x === v.method}>
                {pm[`method_${x}`]}
              </option>
            ))}
          </select>
          <FieldError id="f-method" error={e.method} />
        </div>
        <Field name="installments" label={m.installments} value={v.installments} error={e.installments} type="number" attrs={{ min: '2', max: '60' }} />
        <Field name="date" label={m.date} value={v.date} error={e.date} type="date" />
        <Field name="currency" label={m.currency} value={v.currency} error={e.currency} hint={m.currencyHint} attrs={{ maxlength: '3', size: '4' }} />
      </div>
      <Button>{m.show}</Button>
    </form>
  );
}

const Arrow = (p: { before: string; after: string }) => (
  <span class="preview-ba">
    <span data-role="before">{p.before}</span> → <strong data-role="after">{p.after}</strong>
  </span>
);

function Steps(p: { locale: Locale; r: PreviewResult; money: Money }) {
  const m = previewMessages[p.locale];
  const pm = paymentMessages[p.locale];
  const b = p.r.price.breakdown;
  const work = b.baseCurrency;
  const money = p.money;
  const price = p.r.price;
  return (
    <ol class="preview-steps" id="preview-steps">
      <li id="step-base">
        <h3>{m.step1}</h3>
        <dl class="facts">
          <dt>{m.listPrice}</dt>
          <dd data-testid="list-price">{money(p.r.product.listPrice, p.r.product.currency)}</dd>
          {b.priceListId && p.r.priceList ? (
            <>
              <dt>{m.priceList}</dt>
              <dd>
                <a href={`/staff/price-lists/${p.r.priceList.id}`}>{p.r.priceList.name}</a> <span class="muted">({m[`kind_${b.base as 'dealer_list' | 'segment_list'}`]}, {p.r.priceList.currency})</span>
              </dd>
            </>
          ) : (
            <>
              <dt>{m.priceList}</dt>
              <dd class="muted">{m.noListApplies}</dd>
            </>
          )}
          {b.tier ? (
            <>
              <dt>{m.tier}</dt>
              <dd data-testid="tier">
                {m.tierFrom(b.tier.minQty)}: {b.tier.price != null ? m.tierFixed(money(b.tier.price, work)) : m.tierPercent(displayPercent(b.tier.percentOff ?? '0', p.locale))}
                {b.tier.fromProductId !== p.r.product.id ? <span class="muted"> ({m.tierFromParent})</span> : null}
              </dd>
            </>
          ) : null}
          <dt>{m.base}</dt>
          <dd data-testid="base">
            <strong>{money(b.baseUnit, work)}</strong>
          </dd>
        </dl>
      </li>
      <li id="step-campaign">
        <h3>{m.step2}</h3>
        {b.campaign ? (
          <dl class="facts">
            <dt>{m.campaign}</dt>
            <dd>
              <a href={`/staff/campaigns/${b.campaign.id}`}>{b.campaign.name}</a>
            </dd>
            <dt>{m.discount}</dt>
            <dd>{b.campaign.percentOff != null ? `−${displayPercent(b.campaign.percentOff, p.locale)}` : `−${money(b.campaign.amountOff ?? 0, b.campaign.currency ?? work)}`}</dd>
            <dt>{m.beforeAfter}</dt>
            <dd data-testid="campaign">
              <Arrow before={money(b.campaign.before, work)} after={money(b.campaign.after, work)} />
            </dd>
          </dl>
        ) : (
          <p class="muted">{m.noCampaign}</p>
        )}
      </li>
      <li id="step-payment">
        <h3>{m.step3}</h3>
        {b.payment ? (
          <dl class="facts">
            <dt>{m.method}</dt>
            <dd>{methodLabel(pm, b.payment.method, b.payment.installments ?? null)}</dd>
            <dt>{m.adjustment}</dt>
            <dd>
              {displayPercent(b.payment.percent, p.locale)} <span class="muted">({b.payment.priceListId !== null ? m.fromList : b.payment.percent === '0' ? m.noRow : m.fromDefault})</span>
            </dd>
            <dt>{m.beforeAfter}</dt>
            <dd data-testid="payment">
              <Arrow before={money(b.payment.before, work)} after={money(b.payment.after, work)} />
            </dd>
          </dl>
        ) : (
          <p class="muted">{m.noMethod}</p>
        )}
      </li>
      <li id="step-conversion">
        <h3>{m.step4}</h3>
        {b.rate ? (
          <dl class="facts">
            <dt>{m.conversion}</dt>
            <dd>
              {b.rate.from} → {b.rate.to}
            </dd>
            <dt>{m.rate}</dt>
            <dd data-testid="rate">
              {m.rateLine(b.rate.currency, displayRate(b.rate.rate, p.locale), p.r.baseCurrency)}
              {b.rate.cross ? <>; {m.rateLine(b.rate.cross.currency, displayRate(b.rate.cross.rate, p.locale), p.r.baseCurrency)}</> : null}
            </dd>
            <dt>{m.rateDate}</dt>
            <dd data-testid="rate-date">
              <time datetime={b.rate.date}>{b.rate.date}</time>
              {b.rate.cross ? (
                <>
                  {' '}
                  / <time datetime={b.rate.cross.date}>{b.rate.cross.date}</time>
                </>
              ) : null}
            </dd>
          </dl>
        ) : (
          <p class="muted">{m.noConversion(price.currency)}</p>
        )}
      </li>
      <li id="step-vat">
        <h3>{m.step5}</h3>
        <dl class="facts">
          <dt>{m.vat}</dt>
          <dd>{displayPercent(`${price.vatRate}.00`, p.locale)}</dd>
          <dt>{m.unitNet}</dt>
          <dd data-testid="unit-net">{money(price.unitNet, price.currency)}</dd>
          <dt>{m.unitGross}</dt>
          <dd data-testid="unit-gross">{money(price.unitGross, price.currency)}</dd>
          <dt>
            {m.lineNet} ({m.qtyTimes(price.qty)})
          </dt>
          <dd data-testid="line-net">{money(price.lineNet, price.currency)}</dd>
          <dt>{m.lineGross}</dt>
          <dd data-testid="line-gross">{money(price.lineGross, price.currency)}</dd>
          <dt>{m.listInCurrency}</dt>
          <dd>{money(price.listUnitNet, price.currency)}</dd>
        </dl>
      </li>
    </ol>
  );
}

function Result(p: { locale: Locale; r: PreviewResult; money: Money }) {
  const m = previewMessages[p.locale];
  const price = p.r.price;
  return (
    <section class="preview-result" aria-labelledby="preview-result-title">
      <h2 id="preview-result-title">
        {p.r.product.sku} · {p.r.product.name}
      </h2>
      <p class="muted">
        {m.forDealer(p.r.dealer.code, p.r.dealer.name)} · {m.segment}: {p.r.dealer.segmentName ?? m.segmentNone} · {m.invoiceCurrency}: {p.r.dealer.currency}
      </p>
      <dl class="preview-totals" id="preview-totals">
        <div>
          <dt>{m.unitNet}</dt>
          <dd data-testid="total-unit-net">{p.money(price.unitNet, price.currency)}</dd>
        </div>
        <div>
          <dt>{m.unitGross}</dt>
          <dd>{p.money(price.unitGross, price.currency)}</dd>
        </div>
        <div>
          <dt>
            {m.lineNet} · {m.qtyTimes(price.qty)}
          </dt>
          <dd>{p.money(price.lineNet, price.currency)}</dd>
        </div>
        <div>
          <dt>{m.lineGross}</dt>
          <dd>{p.money(price.lineGross, price.currency)}</dd>
        </div>
      </dl>
      <div class="preview-columns">
        <div>
          <h2>{m.stepsTitle}</h2>
          <Steps {...p} />
        </div>
        <div>
          <h2>{m.tiersTitle}</h2>
          <p class="muted">{m.tiersLead}</p>
          <div class="table-wrap">
            <table class="table" id="preview-tiers">
              <caption class="visually-hidden">{m.tiersTitle}</caption>
              <thead>
                <tr>
                  <th scope="col" class="num">
                    {m.colFromQty}
                  </th>
                  <th scope="col">{m.colSource}</th>
                  <th scope="col">{m.colCampaign}</th>
                  <th scope="col" class="num">
                    {m.colUnitNet}
                  </th>
                  <th scope="col" class="num">
                    {m.colUnitGross}
                  </th>
                </tr>
              </thead>
              <tbody>
                {p.r.tiers.map((t, i) => {
                  const next = p.r.tiers[i + 1]?.minQty;
                  const current = price.qty >= t.minQty && (next === undefined || price.qty < next);
                  return (
                    <tr id={`tier-${t.minQty}`} class={current ? 'preview-tier--current' : undefined} aria-current={current ? 'true' : undefined}>
                      <td class="num">
                        {t.minQty}
                        {current ? <span class="visually-hidden"> ({m.current})</span> : null}
                      </td>
                      <td>{t.listName ?? m.sourceList}</td>
                      <td>{t.price.breakdown.campaign?.name ?? '—'}</td>
                      <td class="num">{p.money(t.price.unitNet, t.price.currency)}</td>
                      <td class="num">{p.money(t.price.unitGross, t.price.currency)}</td>
                    </tr>
                  );
                })}
              </tbody>
            </table>
          </div>
        </div>
      </div>
    </section>
  );
}

function Failure(p: { locale: Locale; f: PreviewFailure }) {
  const m = previewMessages[p.locale];
  const link = p.f.code === 'missing_rate' ? { href: '/staff/rates', label: m.ratesLink } : p.f.code === 'payment_method_unavailable' ? { href: '/staff/payment-methods', label: m.paymentLink } : null;
  return (
    <div class="notice notice--warn preview-error" role="alert" id="preview-error" data-code={p.f.code}>
      <p>
        <strong>{m.errorTitle}</strong>
      </p>
      <p>{p.f.message}</p>
      {link ? (
        <p>
          <a href={link.href}>{link.label} →</a>
        </p>
      ) : null}
    </div>
  );
}

/** Form and result: the block the form swaps (htmx) — one GET URL per question, bookmarkable. */
export function PricePreview(p: PreviewProps) {
  const m = previewMessages[p.locale];
  return (
    <div id="price-preview" class="price-preview">
      <PreviewForm {...p} />
      {p.failure ? <Failure locale={p.locale} f={p.failure} /> : null}
      {p.result ? <Result locale={p.locale} r={p.result} money={p.money} /> : null}
      {!p.result && !p.failure ? <EmptyState title={m.emptyTitle} text={m.emptyText} /> : null}
    </div>
  );
}

export function PricePreviewPage(p: PreviewProps) {
  const m = previewMessages[p.locale];
  return (
    <div class="stack">
      <PricingTabs locale={p.locale} current="preview" />
      <header>
        <h1>{m.title}</h1>
        <p class="lead">{m.lead}</p>
      </header>
      <PricePreview {...p} />
    </div>
  );
}
