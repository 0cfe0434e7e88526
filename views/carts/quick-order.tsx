import type { Locale } from '../../src/i18n/define.ts';
import { cartMessages } from '../../src/carts/messages.ts';
import { LinkButton, PostForm } from '../components/button.tsx';
import type { Money } from './cart-page.tsx';

export interface LookupView {
  name: string;
  sku: string;
  variant: string;
  price: string | null;
  stock: 'in' | 'low' | 'out' | 'backorder';
  available: number;
  error: string | null;
}

export interface GridRow {
  sku: string;
  qty: string;
  lookup?: LookupView | null;
  error?: string | null;
}

/** The status cell of one quick-order row (htmx target of the live lookup). */
export function LookupCell(p: { locale: Locale; index: number; lookup?: LookupView | null; error?: string | null }) {
  const m = cartMessages[p.locale];
  const l = p.lookup;
  const err = p.error ?? l?.error ?? null;
  return (
    <td class="qo-status" id={`qo-status-${p.index}`} aria-live="polite">
      {l ? (
        <span class="qo-product">
          <span class="qo-product__name">{l.name}</span>
          {l.variant ? <span class="muted"> · {l.variant}</span> : null}
          {l.price ? <span class="qo-product__price">{l.price}</span> : null}
          <span class={`badge ${l.stock === 'in' ? 'badge--done' : l.stock === 'out' ? 'badge--error' : 'badge--waiting'}`}>
            {l.stock === 'in' ? m.inStock : l.stock === 'low' ? m.lowStock(l.available) : l.stock === 'out' ? m.outOfStock : m.backorder}
          </span>
        </span>
      ) : null}
      {err ? <span class="field__error qo-error">{err}</span> : null}
    </td>
  );
}

export interface QuickOrderProps {
  locale: Locale;
  cartName: string;
  rows: GridRow[];
  paste: string;
  notice?: { kind: 'error' | 'success'; text: string } | null;
}

export function QuickOrderPage(p: QuickOrderProps) {
  const m = cartMessages[p.locale];
  return (
    <section class="quick-order">
      <div class="page-head">
        <h1>{m.quickTitle}</h1>
        <div class="page-head__actions">
          <LinkButton href="/portal/carts/import" variant="secondary">
            {m.importList}
          </LinkButton>
          <LinkButton href="/portal/carts/active" variant="secondary">
            {m.intoCart(p.cartName)}
          </LinkButton>
        </div>
      </div>
      <p class="lead">{m.quickLead}</p>
      {p.notice ? (
        <p class={`flash flash--${p.notice.kind}`} role={p.notice.kind === 'error' ? 'alert' : 'status'}>
          {p.notice.text}
        </p>
      ) : null}
      <PostForm action="/portal/carts/quick" class="qo-form" attrs={{ id: 'quick-order' }}>
        <div class="table-wrap">
          <table class="table qo-grid" data-quick-grid>
            <caption class="visually-hidden">{m.quickTitle}</caption>
            <thead>
              <tr>
                <th scope="col" class="qo-col-n">
                  #
                </th>
                <th scope="col" class="qo-col-sku">
                  {m.colSku}
                </th>
                <th scope="col" class="qo-col-qty">
                  {m.colQty}
                </th>
                <th scope="col">{m.colStatus}</th>
              </tr>
            </thead>
            <tbody>
              {p.rows.map((r, i) => (
                <tr class={r.error ? 'qo-row qo-row--error' : 'qo-row'}>
                  <td class="qo-col-n muted">{i + 1}</td>
                  <td>
                    <label class="visually-hidden" for={`qo-sku-${i}`}>
                      {m.colSku} {i + 1}
                    </label>
                    <input
                      id={`qo-sku-${i}`}
                      name="sku"
                      value={r.sku}
                      class="qo-input qo-input--sku"
                      autocomplete="off"
                      spellcheck={false}
                      aria-invalid={r.error ? 'true' : undefined}
                      hx-get={`/portal/carts/quick/lookup?row=${i}`}
                      hx-trigger="change, keyup changed delay:400ms"
                      hx-target={`#qo-status-${i}`}
                      hx-swap="outerHTML"
                      hx-include="closest tr"
                      hx-sync="closest tr:replace"
                    />
                  </td>
                  <td>
                    <label class="visually-hidden" for={`qo-qty-${i}`}>
                      {m.colQty} {i + 1}
                    </label>
                    <input
                      id={`qo-qty-${i}`}
                      name="qty"
                      value={r.qty}
                      class="qo-input qo-input--qty"
                      inputmode="numeric"
                      autocomplete="off"
                      hx-get={`/portal/carts/quick/lookup?row=${i}`}
                      hx-trigger="change"
                      hx-target={`#qo-status-${i}`}
                      hx-swap="outerHTML"
                      hx-include="closest tr"
                      hx-sync="closest tr:replace"
                    />
                  </td>
                  <LookupCell locale={p.locale} index={i} lookup={r.lookup} error={r.error} />
                </tr>
              ))}
            </tbody>
          </table>
        </div>
        <p class="qo-more">
          <a href={`/portal/carts/quick?rows=${Math.min(p.rows.length + 10, 200)}`} class="btn btn--link btn--small">
            + {m.addRows}
          </a>
        </p>
        <details class="panel qo-paste" open={p.paste ? true : undefined}>
          <summary>{m.pasteTitle}</summary>
          <div class="field field--wide">
            <label for="qo-paste">{m.pasteLabel}</label>
            <textarea id="qo-paste" name="paste" rows={6} aria-describedby="qo-paste-hint" spellcheck={false}>
              {p.paste}
            </textarea>
            <p class="field__hint" id="qo-paste-hint">
              {m.pasteHint}
            </p>
          </div>
        </details>
        <div class="form-actions">
          <button type="submit" class="btn btn--primary">
            {m.addAll}
          </button>
        </div>
      </PostForm>
    </section>
  );
}

export interface ImportPreviewRow {
  line: number;
  sku: string;
  qty: string;
  name: string | null;
  error: string | null;
}

export function ImportPage(p: { locale: Locale; cartName: string; error?: string | null; preview?: ImportPreviewRow[] | null; money?: Money }) {
  const m = cartMessages[p.locale];
  const good = (p.preview ?? []).filter((r) => !r.error);
  const bad = (p.preview ?? []).length - good.length;
  return (
    <section class="list-import">
      <div class="page-head">
        <h1>{m.importTitle}</h1>
        <div class="page-head__actions">
          <LinkButton href="/portal/carts/quick" variant="secondary">
            {m.quickOrder}
          </LinkButton>
        </div>
      </div>
      <p class="lead">{m.importLead}</p>
      <PostForm action="/portal/carts/import" multipart class="panel">
        <div class={p.error ? 'field field--error' : 'field'}>
          <label for="f-file">{m.file}</label>
          <input id="f-file" name="file" type="file" accept=".xlsx,.csv,text/csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet" required aria-describedby={p.error ? 'f-file-error' : undefined} />
          {p.error ? (
            <p class="field__error" id="f-file-error" role="alert">
              {p.error}
            </p>
          ) : null}
        </div>
        <button type="submit" class="btn btn--secondary">
          {m.preview}
        </button>
      </PostForm>
      {p.preview ? (
        <>
          <h2>{m.previewTitle(p.preview.length, bad)}</h2>
          <div class="table-wrap">
            <table class="table">
              <caption class="visually-hidden">{m.previewTitle(p.preview.length, bad)}</caption>
              <thead>
                <tr>
                  <th scope="col" class="num">
                    {m.colLine}
                  </th>
                  <th scope="col">{m.colSku}</th>
                  <th scope="col" class="num">
                    {m.colQty}
                  </th>
                  <th scope="col">{m.colStatus}</th>
                </tr>
              </thead>
              <tbody>
                {p.preview.map((r) => (
                  <tr class={r.error ? 'qo-row--error' : undefined}>
                    <td class="num">{r.line}</td>
                    <td>
                      <code>{r.sku}</code>
                    </td>
                    <td class="num">{r.qty}</td>
                    <td>{r.error ? <span class="field__error">{r.error}</span> : <span>{r.name} <span class="badge badge--done">{m.ok}</span></span>}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          {good.length ? (
            <PostForm action="/portal/carts/import/confirm" class="form-actions">
              {good.map((r) => (
                <>
                  <input type="hidden" name="sku" value={r.sku} />
                  <input type="hidden" name="qty" value={r.qty} />
                </>
              ))}
              <button type="submit" class="btn btn--primary">
                {m.addGood(good.length)} → {p.cartName}
              </button>
            </PostForm>
          ) : null}
        </>
      ) : null}
    </section>
  );
}
