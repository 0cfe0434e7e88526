import type { CategoryNode } from '../../src/catalog/categories.ts';
import type { Locale } from '../../src/i18n/define.ts';
import { campaignMessages } from '../../src/pricing/campaign-messages.ts';
import { CAMPAIGN_STATUSES, campaignStatus, type CampaignErrors, type CampaignRow, type CampaignStatus, type CampaignValues, type Chip } from '../../src/pricing/campaigns.ts';
import { displayPercent } from '../../src/pricing/percent.ts';
import { Button, LinkButton, PostForm } from '../components/button.tsx';
import { CheckField, FieldError, FieldHint, FormField, TextAreaField } from '../components/form-field.tsx';
import { Pagination } from '../components/pagination.tsx';
import { EmptyState, Table } from '../components/table.tsx';
import { PricingTabs } from './tabs.tsx';

type M = (typeof campaignMessages)['en'];
type Money = (minor: number, currency: string) => string;
export const CAMPAIGNS = '/staff/campaigns';

const STATUS_CLASS: Record<CampaignStatus, string> = {
  running: 'badge--done',
  scheduled: 'badge--progress',
  ended: 'badge--neutral',
  inactive: 'badge--error',
};

export function CampaignStatusBadge(p: { locale: Locale; status: CampaignStatus }) {
  const m = campaignMessages[p.locale];
  return <span class={`badge ${STATUS_CLASS[p.status]}`} data-status={p.status}>{m[`status_${p.status}`]}</span>;
}

export function discountText(m: M, locale: Locale, money: Money, r: Pick<CampaignRow, 'percent_off' | 'amount_off' | 'currency'>): string {
  if (r.percent_off != null) return `−${displayPercent(r.percent_off, locale)}`;
  return `−${money(r.amount_off ?? 0, r.currency ?? 'TRY')}`;
}

function targetText(m: M, r: CampaignRow): string {
  if (r.target === 'segment') return `${m.target_segment}: ${r.segment_name ?? '?'}`;
  if (r.target === 'dealers') return `${m.target_dealers} (${m.nDealers(r.dealer_count)})`;
  return m.target_all;
}

function scopeText(m: M, r: CampaignRow): string {
  if (r.scope === 'products') return m.nProducts(r.product_count);
  if (r.scope === 'categories') return m.nCategories(r.category_count);
  return m.scope_all;
}

export interface CampaignListProps {
  locale: Locale;
  rows: CampaignRow[];
  status: CampaignStatus | '';
  page: number;
  more: boolean;
  today: string;
  money: Money;
}

const listHref = (status: string, page: number) => {
  const q = new URLSearchParams();
  if (status) q.set('status', status);
  if (page > 1) q.set('page', String(page));
  const s = q.toString();
  return s ? `${CAMPAIGNS}?${s}` : CAMPAIGNS;
};

/** The filterable results block (swapped by the status filter). */
export function CampaignResults(p: CampaignListProps) {
  const m = campaignMessages[p.locale];
  return (
    <div id="campaign-results">
      <Table<CampaignRow>
        caption={m.title}
        id="campaign-table"
        rows={p.rows}
        rowId={(r) => `campaign-${r.id}`}
        empty={p.status ? <EmptyState title={m.emptyFiltered} text="" /> : <EmptyState title={m.emptyTitle} text={m.emptyText} action={<LinkButton href={`${CAMPAIGNS}/new`}>{m.newCampaign}</LinkButton>} />}
        columns={[
          { header: m.colName, cell: (r) => <a href={`${CAMPAIGNS}/${r.id}`}>{r.name}</a> },
          {
            header: m.colDates,
            class: 'nowrap',
            cell: (r) => (
              <>
                <time datetime={r.starts_at}>{r.starts_at}</time> – <time datetime={r.ends_at}>{r.ends_at}</time>
              </>
            ),
          },
          { header: m.colTarget, cell: (r) => targetText(m, r) },
          { header: m.colScope, cell: (r) => scopeText(m, r) },
          { header: m.colDiscount, numeric: true, cell: (r) => discountText(m, p.locale, p.money, r) },
          { header: m.colMinQty, numeric: true, cell: (r) => r.min_qty },
          { header: m.colStatus, cell: (r) => <CampaignStatusBadge locale={p.locale} status={campaignStatus(r, p.today)} /> },
          { header: '', cell: (r) => <a class="btn btn--secondary btn--small" href={`${CAMPAIGNS}/${r.id}`}>{m.edit}</a> },
        ]}
      />
      <Pagination label={m.pages} firstHref={p.page > 1 ? listHref(p.status, p.page - 1) : null} nextHref={p.more ? listHref(p.status, p.page + 1) : null} firstLabel={m.prev} nextLabel={m.next} />
    </div>
  );
}

export function CampaignListPage(p: CampaignListProps) {
  const m = campaignMessages[p.locale];
  return (
    <div class="stack campaigns">
      <PricingTabs locale={p.locale} current="campaigns" />
      <div class="page-head">
        <h1>{m.title}</h1>
        <LinkButton href={`${CAMPAIGNS}/new`}>{m.newCampaign}</LinkButton>
      </div>
      <p class="lead">{m.lead}</p>
      <form method="get" action={CAMPAIGNS} class="filters" role="search" hx-get={CAMPAIGNS} hx-target="#campaign-results" hx-swap="outerHTML" hx-trigger="change" hx-push-url="true">
        <div class="field">
          <label for="f-status">{m.filterStatus}</label>
          <select id="f-status" name="status">
            <option value="">{m.filterAll}</option>
            {CAMPAIGN_STATUSES.map((s) => (
              <option value={s} selected={s === p.status}>
                {m[`status_${s}`]}
              </option>
            ))}
          </select>
        </div>
        <noscript>
          <Button variant="secondary">{m.filter}</Button>
        </noscript>
      </form>
      <CampaignResults {...p} />
    </div>
  );
}

/** A picked dealer or product: a ticked checkbox (untick to drop it; no script needed). */
export function ChipItem(p: { name: 'dealer_ids' | 'product_ids'; chip: Chip }) {
  return (
    <li class="chip">
      <label>
        <input type="checkbox" name={p.name} value={String(p.chip.id)} checked /> <span class="mono">{p.chip.code}</span> {p.chip.name}
      </label>
    </li>
  );
}

/** The chip added by a picker, and (out of band) its search result's button turned into "Added". */
export function ChipAdded(p: { locale: Locale; kind: 'dealer' | 'product'; chip: Chip }) {
  return (
    <>
      <ChipItem name={p.kind === 'dealer' ? 'dealer_ids' : 'product_ids'} chip={p.chip} />
      <span id={`pick-${p.kind}-${p.chip.id}`} class="muted" hx-swap-oob="true">
        {campaignMessages[p.locale].added}
      </span>
    </>
  );
}

/** Search results of a picker; "Add" appends a chip to the list (already picked ones say so). */
export function PickerResults(p: { locale: Locale; kind: 'dealer' | 'product'; results: Chip[]; picked: Set<number>; query: string }) {
  const m = campaignMessages[p.locale];
  const list = p.kind === 'dealer' ? '#dealer-chips' : '#product-chips';
  return (
    <div id={`${p.kind}-results`} class="picker-results" aria-live="polite">
      {p.query && !p.results.length ? <p class="muted">{m.noMatches}</p> : null}
      {p.results.length ? (
        <ul class="plain-list">
          {p.results.map((r) => (
            <li class="picker-results__item">
              <span>
                <span class="mono">{r.code}</span> {r.name}
              </span>
              {p.picked.has(r.id) ? (
                <span class="muted">{m.added}</span>
              ) : (
                <button type="button" id={`pick-${p.kind}-${r.id}`} class="btn btn--secondary btn--small" hx-get={`${CAMPAIGNS}/${p.kind}-chip?id=${r.id}`} hx-include={list} hx-target={list} hx-swap="beforeend">
                  {m.add}
                </button>
              )}
            </li>
          ))}
        </ul>
      ) : null}
    </div>
  );
}

/** Live check of the pasted SKUs (which are known, which are not). */
export function SkuCheck(p: { locale: Locale; found: number; missing: string[]; typed: number }) {
  const m = campaignMessages[p.locale];
  return (
    <div id="sku-check" class="sku-check" aria-live="polite">
      {p.typed ? (
        <p class={p.missing.length ? 'error-text' : 'muted'}>
          {m.skuCheck(p.found, p.missing.length)}
          {p.missing.length ? (
            <>
              {' '}
              {m.skuUnknown} <span class="mono">{p.missing.slice(0, 30).join(', ')}{p.missing.length > 30 ? ' …' : ''}</span>
            </>
          ) : null}
        </p>
      ) : null}
    </div>
  );
}

function CategoryChecks(p: { nodes: CategoryNode[]; picked: Set<string> }) {
  return (
    <ul class="cat-checks">
      {p.nodes.map((n) => (
        <li>
          <label class="check">
            <input type="checkbox" name="category_ids" value={String(n.id)} checked={p.picked.has(String(n.id))} /> {n.name}
          </label>
          {n.children.length ? <CategoryChecks nodes={n.children} picked={p.picked} /> : null}
        </li>
      ))}
    </ul>
  );
}

function Radio(p: { name: string; value: string; label: string; current: string }) {
  return (
    <label class="check">
      <input type="radio" name={p.name} value={p.value} id={`f-${p.name}-${p.value}`} checked={p.current === p.value} /> {p.label}
    </label>
  );
}

export interface CampaignFormProps {
  locale: Locale;
  /** Absent for a new campaign. */
  id?: number;
  status?: CampaignStatus;
  active?: boolean;
  values: CampaignValues;
  errors: CampaignErrors;
  segments: Array<{ id: number; name: string }>;
  dealers: Chip[];
  products: Chip[];
  tree: CategoryNode[];
  currencies: string[];
}

export function CampaignFormPage(p: CampaignFormProps) {
  const m = campaignMessages[p.locale];
  const v = p.values;
  const e = p.errors;
  const action = p.id ? `${CAMPAIGNS}/${p.id}` : CAMPAIGNS;
  const hasErrors = Object.keys(e).length > 0;
  const picked = new Set(v.category_ids);
  return (
    <div class="stack campaigns">
      <PricingTabs locale={p.locale} current="campaigns" />
      <p class="back">
        <a href={CAMPAIGNS}>← {m.back}</a>
      </p>
      <div class="page-head">
        <h1>{p.id ? m.editTitle(v.name || '…') : m.newCampaign}</h1>
        {p.status ? <CampaignStatusBadge locale={p.locale} status={p.status} /> : null}
      </div>
      {hasErrors ? (
        <p class="notice notice--warn" role="alert" id="campaign-form-error">
          {e.form ?? m.formErrors}
        </p>
      ) : null}
      <div class="campaign-layout">
        <PostForm action={action} class="campaign-form" attrs={{ id: 'campaign-form', novalidate: '' }}>
          <fieldset class="panel">
            <legend>{m.secGeneral}</legend>
            <FormField name="name" label={m.name} value={v.name} error={e.name} required maxlength={200} />
            <div class="form-grid">
              <FormField name="starts_at" type="date" label={m.startsAt} value={v.starts_at} error={e.starts_at} required />
              <FormField name="ends_at" type="date" label={m.endsAt} value={v.ends_at} error={e.ends_at} required hint={m.datesHint} />
            </div>
            <CheckField name="active" label={m.active} checked={v.active === '1'} />
          </fieldset>

          <fieldset class="panel campaign-target">
            <legend>{m.secTarget}</legend>
            <div class={`field field--radios${e.target ? ' field--error' : ''}`} role="radiogroup" aria-label={m.target}>
              <Radio name="target" value="all" label={m.target_all} current={v.target} />
              <Radio name="target" value="segment" label={m.target_segment} current={v.target} />
              <Radio name="target" value="dealers" label={m.target_dealers} current={v.target} />
              <FieldError id="f-target" error={e.target} />
            </div>
            <div class="when-target-segment">
              {p.segments.length ? (
                <div class={`field${e.segment_id ? ' field--error' : ''}`} id="f-segment_id-field">
                  <label for="f-segment_id">{m.segment}</label>
                  <select id="f-segment_id" name="segment_id" aria-invalid={e.segment_id ? 'true' : undefined} aria-describedby={e.segment_id ? 'f-segment_id-error' : undefined}>
                    <option value="">{m.segmentNone}</option>
                    {p.segments.map((s) => (
                      <option value={String(s.id)} selected={String(s.id) === v.segment_id}>
                        {s.name}
                      </option>
                    ))}
                  </select>
                  <FieldError id="f-segment_id" error={e.segment_id} />
                </div>
              ) : (
                <div class={`field${e.segment_id ? ' field--error' : ''}`} id="f-segment_id-field">
                  <p class="muted">{m.noSegments}</p>
                  <FieldError id="f-segment_id" error={e.segment_id} />
                </div>
              )}
            </div>
            {/* The search boxes name a form that does not exist: they have no form owner, so Enter in them never submits the campaign and their text is not posted with it. */}
            <div class="when-target-dealers picker">
              <div class="field">
                <label for="f-dealer_q">{m.dealerSearch}</label>
                <input
                  id="f-dealer_q"
                  name="q"
                  type="search"
                  form="campaign-picker-none"
                  autocomplete="off"
                  aria-describedby="f-dealer_q-hint"
                  hx-get={`${CAMPAIGNS}/dealer-search`}
                  hx-trigger="input changed delay:250ms, search"
                  hx-include="#dealer-chips"
                  hx-target="#dealer-results"
                  hx-swap="outerHTML"
                  hx-sync="this:replace"
                />
                <p class="field__hint" id="f-dealer_q-hint">
                  {m.dealerSearchHint}
                </p>
              </div>
              <div id="dealer-results" class="picker-results" />
              <p class="field__label">{m.dealersPicked}</p>
              <ul id="dealer-chips" class="chips" aria-label={m.dealersPicked}>
                {p.dealers.map((d) => (
                  <ChipItem name="dealer_ids" chip={d} />
                ))}
              </ul>
              <TextAreaField name="dealer_codes" label={m.dealerCodes} value={v.dealer_codes} error={e.dealer_codes} hint={m.dealerCodesHint} rows={3} wide />
            </div>
          </fieldset>

          <fieldset class="panel campaign-scope">
            <legend>{m.secScope}</legend>
            <div class={`field field--radios${e.scope ? ' field--error' : ''}`} role="radiogroup" aria-label={m.scope}>
              <Radio name="scope" value="all" label={m.scope_all} current={v.scope} />
              <Radio name="scope" value="products" label={m.scope_products} current={v.scope} />
              <Radio name="scope" value="categories" label={m.scope_categories} current={v.scope} />
              <FieldError id="f-scope" error={e.scope} />
            </div>
            <div class="when-scope-products picker">
              <div class="field">
                <label for="f-product_q">{m.productSearch}</label>
                <input
                  id="f-product_q"
                  name="q"
                  type="search"
                  form="campaign-picker-none"
                  autocomplete="off"
                  hx-get={`${CAMPAIGNS}/product-search`}
                  hx-trigger="input changed delay:250ms, search"
                  hx-include="#product-chips"
                  hx-target="#product-results"
                  hx-swap="outerHTML"
                  hx-sync="this:replace"
                />
              </div>
              <div id="product-results" class="picker-results" />
              <p class="field__label">{m.productsPicked}</p>
              <ul id="product-chips" class="chips" aria-label={m.productsPicked}>
                {p.products.map((d) => (
                  <ChipItem name="product_ids" chip={d} />
                ))}
              </ul>
              <div class={`field field--wide${e.skus ? ' field--error' : ''}`} id="f-skus-field">
                <label for="f-skus">{m.skus}</label>
                <textarea
                  id="f-skus"
                  name="skus"
                  rows={4}
                  aria-invalid={e.skus ? 'true' : undefined}
                  aria-describedby={['f-skus-hint', e.skus ? 'f-skus-error' : ''].filter(Boolean).join(' ')}
                  hx-post={`${CAMPAIGNS}/sku-check`}
                  hx-trigger="input changed delay:400ms"
                  hx-target="#sku-check"
                  hx-swap="outerHTML"
                  hx-sync="this:replace"
                >
                  {v.skus}
                </textarea>
                <FieldHint id="f-skus" hint={m.skusHint} />
                <div id="sku-check" class="sku-check" aria-live="polite" />
                <FieldError id="f-skus" error={e.skus} />
              </div>
            </div>
            <div class={`when-scope-categories field field--wide${e.category_ids ? ' field--error' : ''}`} id="f-category_ids-field">
              <p class="field__label">{m.categories}</p>
              <p class="field__hint">{m.categoriesHint}</p>
              {p.tree.length ? <CategoryChecks nodes={p.tree} picked={picked} /> : <p class="muted">{m.noCategories}</p>}
              <FieldError id="f-category_ids" error={e.category_ids} />
            </div>
          </fieldset>

          <fieldset class="panel campaign-discount">
            <legend>{m.secDiscount}</legend>
            <div class={`field field--radios${e.discount_kind ? ' field--error' : ''}`} role="radiogroup" aria-label={m.discountKind}>
              <Radio name="discount_kind" value="percent" label={m.kindPercent} current={v.discount_kind} />
              <Radio name="discount_kind" value="amount" label={m.kindAmount} current={v.discount_kind} />
              <FieldError id="f-discount_kind" error={e.discount_kind} />
            </div>
            <div class="form-grid">
              <div class="when-kind-percent">
                <FormField name="percent_off" label={m.percentOff} value={v.percent_off} error={e.percent_off} hint={m.percentHint} inputmode="decimal" maxlength={10} autocomplete="off" />
              </div>
              <div class="when-kind-amount campaign-amount">
                <FormField name="amount_off" label={m.amountOff} value={v.amount_off} error={e.amount_off} hint={m.amountHint} inputmode="decimal" maxlength={30} autocomplete="off" />
                <div class={`field${e.currency ? ' field--error' : ''}`} id="f-currency-field">
                  <label for="f-currency">{m.currency}</label>
                  <select id="f-currency" name="currency" aria-invalid={e.currency ? 'true' : undefined} aria-describedby={e.currency ? 'f-currency-error' : undefined}>
                    <option value="">{m.currencyNone}</option>
                    {p.currencies.map((c) => (
                      <option value={c} selected={c === v.currency}>
                        {c}
                      </option>
                    ))}
                  </select>
                  <FieldError id="f-currency" error={e.currency} />
                </div>
              </div>
            </div>
            <FormField name="min_qty" label={m.minQty} value={v.min_qty} error={e.min_qty} hint={m.minQtyHint} inputmode="numeric" maxlength={7} />
            <TextAreaField name="note" label={m.note} value={v.note} error={e.note} rows={2} maxlength={2000} wide />
          </fieldset>
          <div class="form-actions">
            <Button>{p.id ? m.save : m.create}</Button>
            <a href={CAMPAIGNS}>{m.back}</a>
          </div>
        </PostForm>
        {p.id ? (
          <aside class="campaign-side">
            <PostForm action={`${CAMPAIGNS}/${p.id}/active`} class="panel" attrs={{ id: 'campaign-active' }}>
              <h2>{m.activeTitle}</h2>
              <p class="muted">{m.activeHint}</p>
              <input type="hidden" name="active" value={p.active ? '0' : '1'} />
              <Button variant="secondary">{p.active ? m.deactivate : m.activate}</Button>
            </PostForm>
            <PostForm action={`${CAMPAIGNS}/${p.id}/delete`} class="panel" attrs={{ id: 'campaign-delete' }}>
              <h2>{m.deleteTitle}</h2>
              <p class="muted">{m.deleteHint}</p>
              <Button variant="danger">{m.delete}</Button>
            </PostForm>
          </aside>
        ) : null}
      </div>
    </div>
  );
}
