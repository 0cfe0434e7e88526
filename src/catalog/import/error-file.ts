import ExcelJS from 'exceljs';
import type { Kysely } from 'kysely';
import type { TenantDb } from '../../db/types.ts';
import type { Locale } from '../../i18n/define.ts';
import { importMessages } from './messages.ts';
import type { Cell } from './read.ts';
import { rejectedRows } from './runs.ts';

/**
 * The rejected rows of a run as a file to fix and upload again: the original columns (so the
 * mapping guesses the same way), plus the sheet row number first and the reasons last — columns
 * the importer ignores.
 */
export async function errorFile(db: Kysely<TenantDb>, importId: number, headers: string[], locale: Locale, format: 'xlsx' | 'csv'): Promise<Uint8Array> {
  const t = importMessages[locale];
  const rows = await rejectedRows(db, importId);
  const width = Math.max(headers.length, ...rows.map((r) => r.cells.length));
  const head = [t.rowColumn, ...Array.from({ length: width }, (_, i) => headers[i] ?? ''), t.reasonColumn];
  const body = rows.map((r) => [r.row, ...Array.from({ length: width }, (_, i) => r.cells[i] ?? null), r.reasons] as Cell[]);
  if (format === 'csv') {
    const sep = locale === 'tr' ? ';' : ',';
    const quote = (v: Cell) => {
      const s = v === null ? '' : String(v);
      return /[";,\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
    };
    // BOM: Excel opens UTF-8 CSV with Turkish letters correctly only with it.
    const text = '\ufeff' + [head, ...body].map((r) => r.map(quote).join(sep)).join('\r\n') + '\r\n';
    return new TextEncoder().encode(text);
  }
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet(t.rejectedTitle.slice(0, 31));
  ws.addRow(head);
  ws.getRow(1).font = { bold: true };
  for (const r of body) ws.addRow(r);
  ws.getColumn(head.length).width = 60;
  return new Uint8Array(await wb.xlsx.writeBuffer());
}
