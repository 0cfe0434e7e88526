import type { Locale } from '../../src/i18n/define.ts';
import { cartMessages } from '../../src/carts/messages.ts';
import { LinkButton, PostForm } from '../components/button.tsx';
import { FormField } from '../components/form-field.tsx';
import { EmptyState } from '../components/table.tsx';
import { Time } from '../components/time.tsx';

export interface CartRow {
  id: number;
  name: string;
  kind: 'cart' | 'list';
  shared: boolean;
  ownerName: string;
  isOwner: boolean;
  lines: number;
  updatedAt: Date;
}

export interface CartsListProps {
  locale: Locale;
  timeZone: string;
  activeId: number | null;
  rows: CartRow[];
  values: { name: string; kind: string };
  errors: { name?: string };
}

function CartTable(p: { locale: Locale; timeZone: string; rows: CartRow[]; activeId: number | null; caption: string }) {
  const m = cartMessages[p.locale];
  const intl = p.locale === 'tr' ? 'tr-TR' : 'en-GB';
  return (
    <div class="table-wrap">
      <table class="table carts-table">
        <caption class="visually-hidden">{p.caption}</caption>
        <thead>
          <tr>
            <th scope="col">{m.colName}</th>
            <th scope="col">{m.colOwner}</th>
            <th scope="col" class="num">
              {m.colLines}
            </th>
            <th scope="col">{m.colUpdated}</th>
            <th scope="col">{m.colActions}</th>
          </tr>
        </thead>
        <tbody>
          {p.rows.map((r) => (
            <tr id={`cart-${r.id}`}>
              <td>
                <a href={`/portal/carts/${r.id}`} class="carts-table__name">
                  {r.name}
                </a>{' '}
                {r.id === p.activeId ? <span class="badge badge--done">{m.active}</span> : null} {r.shared ? <span class="badge badge--progress">{m.shared}</span> : null}
              </td>
              <td data-label={m.colOwner}>{r.ownerName}</td>
              <td class="num" data-label={m.colLines}>
                {r.lines}
              </td>
              <td data-label={m.colUpdated}>
                <Time at={r.updatedAt} locale={intl} timeZone={p.timeZone} />
              </td>
              <td>
                <div class="row-actions">
                  {r.kind === 'cart' && r.id !== p.activeId ? (
                    <PostForm action={`/portal/carts/${r.id}/activate`} class="inline">
                      <button type="submit" class="btn btn--secondary btn--small">
                        {m.activate}
                      </button>
                    </PostForm>
                  ) : null}
                  {r.kind === 'list' ? (
                    <PostForm action={`/portal/carts/${r.id}/copy`} class="inline">
                      <button type="submit" class="btn btn--secondary btn--small">
                        {m.copyToCart}
                      </button>
                    </PostForm>
                  ) : null}
                  <details class="row-menu">
                    <summary class="btn btn--link btn--small">{m.rename}…</summary>
                    <PostForm action={`/portal/carts/${r.id}/rename`} class="row-menu__form">
                      <label class="visually-hidden" for={`rename-${r.id}`}>
                        {m.name}
                      </label>
                      <input id={`rename-${r.id}`} name="name" value={r.name} maxlength={100} required />
                      <button type="submit" class="btn btn--secondary btn--small">
                        {m.rename}
                      </button>
                    </PostForm>
                  </details>
                  {r.isOwner ? (
                    <PostForm action={`/portal/carts/${r.id}/share`} class="inline">
                      <input type="hidden" name="shared" value={r.shared ? '0' : '1'} />
                      <button type="submit" class="btn btn--link btn--small">
                        {r.shared ? m.unshare : m.share}
                      </button>
                    </PostForm>
                  ) : null}
                  {r.isOwner ? (
                    <PostForm action={`/portal/carts/${r.id}/delete`} class="inline">
                      <button type="submit" class="btn btn--link btn--small btn--danger-link">
                        {m.delete}
                      </button>
                    </PostForm>
                  ) : null}
                </div>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

export function CartsListPage(p: CartsListProps) {
  const m = cartMessages[p.locale];
  const carts = p.rows.filter((r) => r.kind === 'cart');
  const lists = p.rows.filter((r) => r.kind === 'list');
  return (
    <section>
      <div class="page-head">
        <h1>{m.cartsTitle}</h1>
        <div class="page-head__actions">
          <LinkButton href="/portal/carts/quick" variant="secondary">
            {m.quickOrder}
          </LinkButton>
          <LinkButton href="/portal/carts/import" variant="secondary">
            {m.importList}
          </LinkButton>
        </div>
      </div>
      <p class="lead">{m.cartsLead}</p>
      <h2>{m.carts}</h2>
      {carts.length ? <CartTable locale={p.locale} timeZone={p.timeZone} rows={carts} activeId={p.activeId} caption={m.carts} /> : <EmptyState title={m.emptyTitle} text={m.emptyText} />}
      {lists.length ? (
        <>
          <h2>{m.lists}</h2>
          <CartTable locale={p.locale} timeZone={p.timeZone} rows={lists} activeId={p.activeId} caption={m.lists} />
        </>
      ) : null}
      <PostForm action="/portal/carts" class="panel new-cart">
        <h2>{m.newTitle}</h2>
        <div class="form-row">
          <FormField name="name" label={m.name} value={p.values.name} error={p.errors.name} hint={m.nameHint} required maxlength={100} />
          <fieldset class="field radio-row">
            <legend>{m.kind}</legend>
            <label>
              <input type="radio" name="kind" value="cart" checked={p.values.kind !== 'list'} /> {m.kindCart}
            </label>
            <label>
              <input type="radio" name="kind" value="list" checked={p.values.kind === 'list'} /> {m.kindList}
            </label>
          </fieldset>
          <div class="field">
            <button type="submit" class="btn btn--primary">
              {m.create}
            </button>
          </div>
        </div>
      </PostForm>
    </section>
  );
}
