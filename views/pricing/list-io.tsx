import type { ImportMessages } from '../../src/catalog/import/messages.ts';
import type { Locale } from '../../src/i18n/define.ts';
import { listIoMessages } from '../../src/pricing/list-io-messages.ts';
import { ImportUploadForm, PriceListCrumbs, RunHistoryTable, type RunListRow } from '../catalog/import/pages.tsx';
import { PricingTabs } from './tabs.tsx';

export interface PriceListSummary {
  id: number;
  name: string;
  currency: string;
  entries: number;
}

/** PRC-1: upload a price-list file (then the CAT-8 preview, progress and result pages), download the list, its recent imports. */
export function PriceListImportPage(p: { t: ImportMessages; locale: Locale; timeZone: string; list: PriceListSummary; runs: RunListRow[]; errors: { file?: string } }) {
  const m = listIoMessages[p.locale];
  const { t, list } = p;
  const href = `/staff/price-lists/${list.id}`;
  return (
    <div class="stack imports">
      <PricingTabs locale={p.locale} current="lists" />
      <header class="import-head">
        <PriceListCrumbs t={t} locale={p.locale} priceList={list} current />
        <h1>{m.importTitle(list.name)}</h1>
        <p class="muted">{m.listFacts(list.currency, list.entries)}</p>
      </header>
      <p class="lead">{m.importLead(list.currency)}</p>
      <div class="imports__top">
        <section class="card" aria-labelledby="import-upload-title">
          <h2 id="import-upload-title">{t.uploadTitle}</h2>
          <ImportUploadForm t={t} action={`${href}/import`} kinds={null} values={{}} errors={p.errors} />
        </section>
        <section class="card card--quiet" aria-labelledby="import-export-title">
          <h2 id="import-export-title">{m.exportTitle}</h2>
          <p>{m.exportText}</p>
          <p>
            <a class="btn btn--secondary" href={`${href}/export.xlsx`} download>
              {m.exportButton}
            </a>
          </p>
          <h3>{m.columnsTitle}</h3>
          <p class="field__hint">{m.columnsText}</p>
        </section>
      </div>
      <section aria-labelledby="import-history-title">
        <h2 id="import-history-title">{m.recentTitle}</h2>
        <RunHistoryTable t={t} locale={p.locale} timeZone={p.timeZone} runs={p.runs} caption={m.recentTitle} showKind={false} empty={<p class="muted">{m.recentEmpty}</p>} />
      </section>
    </div>
  );
}
