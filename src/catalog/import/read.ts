import { parse as parseCsv } from 'csv-parse/sync';
import ExcelJS from 'exceljs';
import { fileTypeFromBuffer } from 'file-type';

/**
 * Reads an uploaded spreadsheet (CAT-8) as rows of plain cells: XLSX (the first worksheet) or CSV.
 * CSV is decoded as UTF-8 when it is valid UTF-8 (with or without BOM) and as
 * Windows-1254 otherwise — what Turkish Excel writes for "CSV (virgülle ayrılmış)" — and split on
 * `;`, `,` or tab, whichever the header line uses most. The first non-empty row is the header.
 * Row numbers are the sheet's own (header = 1 in a file that starts at the top), so people find
 * a rejected row where the result page says it is.
 */
export type Cell = string | number | boolean | null;
export interface SheetRow {
  line: number;
  cells: Cell[];
}
export type SheetFormat = 'xlsx' | 'csv';

export class SheetError extends Error {
  constructor(
    readonly code: 'fileType' | 'unreadable' | 'noHeader' | 'noRows',
    message: string,
  ) {
    super(message);
  }
}

const XLSX_MIME = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/** The format from the content (never the name); null for anything that is neither XLSX nor text. */
export async function detectFormat(bytes: Uint8Array): Promise<SheetFormat | null> {
  const type = await fileTypeFromBuffer(bytes);
  if (type) return type.mime === XLSX_MIME ? 'xlsx' : null;
  const head = bytes.subarray(0, 64 * 1024);
  return head.length > 0 && !head.includes(0) ? 'csv' : null;
}

export function decodeCsv(bytes: Uint8Array): { text: string; encoding: 'utf-8' | 'windows-1254' } {
  try {
    return { text: new TextDecoder('utf-8', { fatal: true }).decode(bytes), encoding: 'utf-8' };
  } catch {
    return { text: new TextDecoder('windows-1254').decode(bytes), encoding: 'windows-1254' };
  }
}

export function detectDelimiter(text: string): ';' | ',' | '\t' {
  const line = text.slice(0, 64 * 1024).split(/\r?\n/).find((l) => l.trim() !== '') ?? '';
  const unquoted = line.replace(/"[^"]*"/g, '');
  const count = (ch: string) => unquoted.split(ch).length - 1;
  const best = ([';', ',', '\t'] as const).map((d) => [d, count(d)] as const).sort((a, b) => b[1] - a[1])[0]!;
  return best[1] > 0 ? best[0] : ',';
}

function plain(v: unknown): Cell {
  if (v === null || v === undefined) return null;
  if (typeof v === 'string') return v.trim() === '' ? null : v;
  if (typeof v === 'number') return Number.isFinite(v) ? v : null;
  if (typeof v === 'boolean') return v;
  if (v instanceof Date) return v.toISOString().slice(0, 10);
  if (typeof v === 'object') {
    const o = v as { richText?: { text: string }[]; result?: unknown; text?: unknown; error?: unknown };
    if (Array.isArray(o.richText)) return plain(o.richText.map((r) => r.text).join(''));
    if ('result' in o) return plain(o.result);
    if ('error' in o) return null;
    if ('text' in o) return plain(o.text);
  }
  return null;
}

/** 0.125 → "12.5%" without binary noise (0.07 × 100 is 7.000000000000001). */
function percentText(v: number): Cell {
  const s = String(Number((v * 100).toPrecision(12)));
  return /e/i.test(s) ? v : `${s}%`;
}

const isEmpty = (cells: Cell[]) => cells.every((c) => c === null || (typeof c === 'string' && c.trim() === ''));

async function* xlsxRows(bytes: Uint8Array): AsyncGenerator<SheetRow> {
  // Not exceljs' streaming WorkbookReader: it decodes each zip chunk on its own, so a Turkish
  // letter split across two chunks comes out as "��" (every few hundred rows). load() decodes
  // each part whole. The upload limit (20 MB) bounds the memory this takes.
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength) as never);
  const sheet = wb.worksheets[0];
  if (!sheet) return;
  const rows: SheetRow[] = [];
  sheet.eachRow({ includeEmpty: false }, (row) => {
    const values = row.values as unknown[];
    // exceljs rows are 1-based: values[0] is always empty.
    const cells = values.slice(1).map(plain);
    // A percent-formatted cell holds 0.05 and shows "5%": read it as the text people see.
    cells.forEach((v, i) => {
      if (typeof v === 'number' && /%/.test(row.getCell(i + 1).numFmt ?? '')) cells[i] = percentText(v);
    });
    rows.push({ line: row.number, cells });
  });
  yield* rows;
}

function* csvRows(text: string): Generator<SheetRow> {
  const records = parseCsv(text, { delimiter: detectDelimiter(text), bom: true, relax_column_count: true, relax_quotes: true, skip_empty_lines: false }) as string[][];
  for (let i = 0; i < records.length; i++) yield { line: i + 1, cells: records[i]!.map(plain) };
}

export interface OpenedSheet {
  format: SheetFormat;
  encoding: string;
  headers: string[];
  /** Data rows after the header; rows with no value at all are skipped. */
  rows: AsyncGenerator<SheetRow>;
}

/** Opens a sheet and reads its header row; throws SheetError when that is not possible. */
export async function openSheet(bytes: Uint8Array, format: SheetFormat): Promise<OpenedSheet> {
  let encoding = 'utf-8';
  let source: AsyncGenerator<SheetRow> | Generator<SheetRow>;
  try {
    if (format === 'csv') {
      const decoded = decodeCsv(bytes);
      encoding = decoded.encoding;
      source = csvRows(decoded.text);
    } else {
      source = xlsxRows(bytes);
    }
    let header: SheetRow | undefined;
    for (;;) {
      const next = await source.next();
      if (next.done) break;
      if (!isEmpty(next.value.cells)) {
        header = next.value;
        break;
      }
    }
    if (!header) throw new SheetError('noHeader', 'the file has no header row');
    const headers = header.cells.map((c) => (c === null ? '' : String(c).trim()));
    while (headers.length && headers.at(-1) === '') headers.pop();
    const src = source;
    async function* data(): AsyncGenerator<SheetRow> {
      try {
        for (;;) {
          const next = await src.next();
          if (next.done) return;
          if (!isEmpty(next.value.cells)) yield next.value;
        }
      } catch (err) {
        throw err instanceof SheetError ? err : new SheetError('unreadable', `the file could not be read: ${(err as Error).message}`);
      }
    }
    return { format, encoding, headers, rows: data() };
  } catch (err) {
    if (err instanceof SheetError) throw err;
    throw new SheetError('unreadable', `the file could not be read: ${(err as Error).message}`);
  }
}

/** Header plus the first `limit` data rows (the preview); throws SheetError for a header-only file. */
export async function previewSheet(bytes: Uint8Array, format: SheetFormat, limit = 10): Promise<{ headers: string[]; rows: SheetRow[]; encoding: string }> {
  const sheet = await openSheet(bytes, format);
  const rows: SheetRow[] = [];
  for await (const row of sheet.rows) {
    rows.push(row);
    if (rows.length >= limit) break;
  }
  if (!rows.length) throw new SheetError('noRows', 'the file has a header but no rows');
  return { headers: sheet.headers, rows, encoding: sheet.encoding };
}
