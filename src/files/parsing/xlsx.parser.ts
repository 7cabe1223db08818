import { createReadStream } from 'node:fs';
import { createRequire } from 'node:module';
import { Readable } from 'node:stream';
import type ExcelJS from 'exceljs';
import { FileRejectedError } from './parsing.errors';
import { fitToWidth, generatedHeader, isBlankRow, normalizeHeader } from './header.util';
import { FormatReader, ReaderContext, RowEmitter } from './format.reader';
import { CentralDirectory, readCentralDirectory, verifyZipContents, ZipEntry } from './zip.inspector';
import type { ParsedRow } from './parsing.types';

const WORKBOOK = 'xl/workbook.xml';
const WORKBOOK_RELS = 'xl/_rels/workbook.xml.rels';
const CONTENT_TYPES = '[Content_Types].xml';
/** The fixed names the exceljs streaming reader looks for. */
const CANONICAL_SHARED_STRINGS = 'xl/sharedStrings.xml';
const CANONICAL_STYLES = 'xl/styles.xml';
const CANONICAL_SHEET = 'xl/worksheets/sheet1.xml';

let excel: typeof ExcelJS | undefined;
/** exceljs takes ~350 ms to load: only XLSX parses pay for it, not every worker start. */
function loadExcel(): typeof ExcelJS {
  excel ??= createRequire(__filename)('exceljs') as typeof ExcelJS;
  return excel;
}

export interface SheetInfo {
  name: string;
  /** Path of the sheet's XML inside the ZIP. */
  entry: string;
  hidden: boolean;
}

/** True when the ZIP central directory looks like an Office Open XML workbook. */
export function looksLikeXlsx(directory: CentralDirectory): boolean {
  const names = new Set(directory.entries.map((e) => e.name));
  return names.has(CONTENT_TYPES) && names.has(WORKBOOK);
}

/**
 * Opens an .xlsx with the exceljs *streaming* reader, after proving the ZIP safe
 * (see zip.inspector.ts). Instead of handing exceljs the raw file, it is fed a
 * re-assembled ZIP stream holding only the entries it needs, in the order it needs
 * them (rels, workbook, styles, shared strings, then the one sheet): other sheets are
 * never inflated, and exceljs never spills sheets to temp files (which it does when,
 * as Excel writes them, shared strings come after the sheets).
 *
 * Cells come out as strings: dates as ISO 8601 (`2024-03-01` or `2024-03-01T10:30:00`,
 * Excel's wall-clock time, no zone), numbers via `String(n)`, booleans `TRUE`/`FALSE`,
 * formulas as their cached result, rich text flattened, errors as `#N/A` etc.
 */
export async function openXlsx(ctx: ReaderContext): Promise<FormatReader> {
  const { limits, options } = ctx;
  const directory = await readCentralDirectory(ctx.path, limits);
  if (!looksLikeXlsx(directory)) {
    throw new FileRejectedError('unsupported_media_type', 'The file is a ZIP archive but not an Excel workbook (.xlsx).');
  }
  const verified = await verifyZipContents(ctx.path, directory, {
    scan: isParsedXml,
    capture: (name) => name === WORKBOOK || name === WORKBOOK_RELS,
  });
  const rels = parseRelationships(verified.captured.get(WORKBOOK_RELS) ?? '');
  const sheets = parseSheets(verified.captured.get(WORKBOOK) ?? '', rels);
  if (sheets.length === 0) throw new FileRejectedError('malformed_xlsx', 'The workbook lists no worksheets.');
  const sheet = chooseSheet(sheets, options.sheet);

  const byName = new Map(verified.entries.map((e) => [e.name, e]));
  const sheetEntry = byName.get(sheet.entry);
  if (!sheetEntry) throw new FileRejectedError('malformed_xlsx', `Sheet "${sheet.name}" points to a missing part.`);
  const sharedStrings = byName.get(rels.find((r) => r.type.endsWith('/sharedStrings'))?.target ?? CANONICAL_SHARED_STRINGS);
  const styles = byName.get(rels.find((r) => r.type.endsWith('/styles'))?.target ?? CANONICAL_STYLES);

  const parts: StreamPart[] = [
    { entry: byName.get(WORKBOOK_RELS) },
    { entry: byName.get(WORKBOOK) },
    { entry: styles, rename: CANONICAL_STYLES },
    { entry: sharedStrings, rename: CANONICAL_SHARED_STRINGS },
    { entry: sheetEntry, rename: CANONICAL_SHEET },
  ];
  const extents = entryExtents(verified.entries, directory.offset);
  const stream = Readable.from(reassembleZip(ctx.path, parts, extents));
  const reader = new (loadExcel().stream.xlsx.WorkbookReader)(stream, {
    worksheets: 'emit',
    sharedStrings: 'cache',
    styles: 'cache',
    hyperlinks: 'ignore',
    entries: 'ignore',
  });
  // exceljs only streams a sheet directly when it has seen both; a workbook with inline
  // strings only (or no rels) would otherwise be spilled to a temp file.
  const internals = reader as unknown as { sharedStrings?: unknown[]; workbookRels?: unknown[] };
  if (!sharedStrings) internals.sharedStrings = [];
  if (!byName.get(WORKBOOK_RELS)) internals.workbookRels = [];

  const worksheets = reader[Symbol.asyncIterator]();
  let worksheet: ExcelJS.stream.xlsx.WorksheetReader | undefined;
  try {
    const first = await worksheets.next();
    if (first.done) throw new FileRejectedError('malformed_xlsx', `Sheet "${sheet.name}" could not be read.`);
    worksheet = first.value;
  } catch (err) {
    stream.destroy();
    throw translateXlsxError(err);
  }
  const rows = worksheet[Symbol.asyncIterator]();

  const useHeader = options.header !== false;
  let columns: string[] | undefined;
  let pending: { number: number; values: string[] } | undefined;
  try {
    for (;;) {
      const next = await rows.next();
      if (next.done) break;
      // One more than allowed, so an over-wide header fails instead of being cut.
      const values = rowValues(next.value, limits.maxColumns + 1);
      if (isBlankRow(values)) continue;
      columns = useHeader ? normalizeHeader(trimTrailingBlanks(values), limits.maxColumns) : generatedHeader(trimTrailingBlanks(values).length, limits.maxColumns);
      if (!useHeader) pending = { number: next.value.number, values };
      break;
    }
  } catch (err) {
    stream.destroy();
    throw translateXlsxError(err);
  }
  if (!columns) {
    stream.destroy();
    throw new FileRejectedError('file_empty', `Sheet "${sheet.name}" is empty.`);
  }
  const header = { format: 'xlsx' as const, encoding: 'utf-8' as const, sheet: sheet.name, sheets: sheets.map((s) => s.name), columns };
  return { header, rows: emitRows(rows, columns, pending, new RowEmitter(limits), stream, worksheets), close: async () => void stream.destroy() };
}

async function* emitRows(
  rows: AsyncGenerator<ExcelJS.Row>,
  columns: string[],
  pending: { number: number; values: string[] } | undefined,
  emitter: RowEmitter,
  stream: Readable,
  worksheets: AsyncGenerator<unknown>,
): AsyncGenerator<ParsedRow, void, undefined> {
  const width = columns.length;
  try {
    if (pending) yield emitter.row(pending.number, fitToWidth(pending.values, width) ?? pending.values.slice(0, width));
    for (;;) {
      let next: IteratorResult<ExcelJS.Row>;
      try {
        next = await rows.next();
      } catch (err) {
        throw translateXlsxError(err);
      }
      if (next.done) break;
      const values = rowValues(next.value, Math.max(width, 1));
      if (isBlankRow(values)) continue;
      // Cells right of the header (notes beside the table) are dropped, not an error.
      yield emitter.row(next.value.number, fitToWidth(values, width) ?? values.slice(0, width));
    }
    await worksheets.next(); // let exceljs finish the ZIP (it then closes its streams)
  } finally {
    stream.destroy();
  }
  if (emitter.emitted === 0 && !pending) throw new FileRejectedError('file_empty', 'The sheet has a header row but no data rows.');
}

/** Cell values of one row as strings, 0-based (exceljs' `row.values` is 1-based and sparse). */
function rowValues(row: ExcelJS.Row, maxWidth: number): string[] {
  const raw = row.values as unknown[];
  const width = Math.min(raw.length - 1, maxWidth);
  const out = new Array<string>(Math.max(0, width));
  for (let i = 0; i < width; i++) out[i] = cellToString(raw[i + 1]);
  return out;
}

function trimTrailingBlanks(values: string[]): string[] {
  let end = values.length;
  while (end > 0 && values[end - 1].trim() === '') end--;
  return values.slice(0, end);
}

export function cellToString(value: unknown): string {
  if (value === null || value === undefined) return '';
  switch (typeof value) {
    case 'string':
      return value;
    case 'number':
      return Object.is(value, -0) ? '0' : String(value);
    case 'boolean':
      return value ? 'TRUE' : 'FALSE';
    case 'object':
      break;
    default:
      return String(value);
  }
  if (value instanceof Date) return excelDateToIso(value);
  const v = value as { richText?: { text?: string }[]; formula?: string; result?: unknown; error?: string; text?: unknown; sharedString?: number };
  if (Array.isArray(v.richText)) return v.richText.map((r) => r.text ?? '').join('');
  if (v.formula !== undefined || 'result' in v) return cellToString(v.result);
  if (typeof v.error === 'string') return v.error;
  if (v.text !== undefined) return cellToString(v.text);
  return '';
}

/** exceljs builds dates as UTC instants of Excel's zone-less wall-clock time. */
function excelDateToIso(d: Date): string {
  if (Number.isNaN(d.getTime())) return '';
  const iso = d.toISOString();
  if (iso.endsWith('T00:00:00.000Z')) return iso.slice(0, 10);
  const rounded = new Date(Math.round(d.getTime() / 1000) * 1000).toISOString();
  return rounded.slice(0, 19);
}

/** Entries the exceljs reader runs through its XML parser: everything that gets the `<!` scan. */
function isParsedXml(name: string): boolean {
  return /\.(xml|rels|vml)$/i.test(name) || /xl\/worksheets\/sheet\d+[.]xml/.test(name);
}

interface Relationship {
  id: string;
  type: string;
  /** Resolved ZIP path, e.g. `xl/worksheets/sheet1.xml`. */
  target: string;
}

function parseRelationships(xml: string): Relationship[] {
  const rels: Relationship[] = [];
  for (const m of xml.matchAll(/<(?:[\w.-]+:)?Relationship\b([^>]*)>/g)) {
    const a = attributes(m[1]);
    if (!a.Id || !a.Target || a.TargetMode === 'External') continue;
    rels.push({ id: a.Id, type: a.Type ?? '', target: resolvePart('xl/', a.Target) });
  }
  return rels;
}

function parseSheets(xml: string, rels: Relationship[]): SheetInfo[] {
  const sheets: SheetInfo[] = [];
  for (const m of xml.matchAll(/<(?:[\w.-]+:)?sheet\b([^>]*)>/g)) {
    const a = attributes(m[1]);
    const relId = Object.entries(a).find(([k]) => k.endsWith(':id'))?.[1];
    const rel = rels.find((r) => r.id === relId);
    if (!a.name || !rel) continue;
    sheets.push({ name: a.name, entry: rel.target, hidden: a.state === 'hidden' || a.state === 'veryHidden' });
  }
  return sheets;
}

function chooseSheet(sheets: SheetInfo[], wanted: string | undefined): SheetInfo {
  if (wanted === undefined) return sheets.find((s) => !s.hidden) ?? sheets[0];
  const exact = sheets.find((s) => s.name === wanted);
  const loose = exact ?? sheets.find((s) => s.name.trim().toLowerCase() === wanted.trim().toLowerCase());
  if (loose) return loose;
  const names = sheets.map((s) => `"${s.name}"`).join(', ');
  throw new FileRejectedError('sheet_not_found', `The workbook has no sheet named "${wanted.slice(0, 100)}". Sheets: ${names.slice(0, 500)}.`);
}

function attributes(source: string): Record<string, string> {
  const out: Record<string, string> = Object.create(null) as Record<string, string>;
  for (const m of source.matchAll(/([\w:.-]+)\s*=\s*(?:"([^"]*)"|'([^']*)')/g)) out[m[1]] = decodeXmlText(m[2] ?? m[3] ?? '');
  return out;
}

function decodeXmlText(s: string): string {
  return s.replace(/&(#x[0-9a-f]+|#[0-9]+|amp|lt|gt|quot|apos);/gi, (whole, ref: string) => {
    const lower = ref.toLowerCase();
    if (lower === 'amp') return '&';
    if (lower === 'lt') return '<';
    if (lower === 'gt') return '>';
    if (lower === 'quot') return '"';
    if (lower === 'apos') return "'";
    const code = lower.startsWith('#x') ? parseInt(lower.slice(2), 16) : parseInt(lower.slice(1), 10);
    return code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : whole;
  });
}

/** Resolves a relationship target against the folder of its source part. */
function resolvePart(base: string, target: string): string {
  const segments = (target.startsWith('/') ? target.slice(1) : base + target).split('/');
  const out: string[] = [];
  for (const s of segments) {
    if (s === '..') out.pop();
    else if (s !== '.' && s !== '') out.push(s);
  }
  return out.join('/');
}

interface StreamPart {
  entry: ZipEntry | undefined;
  rename?: string;
}

/** Byte range [start, end) of each entry's local header + data (+ descriptor) in the file. */
function entryExtents(entries: ZipEntry[], directoryOffset: number): Map<string, { start: number; end: number }> {
  const extents = new Map<string, { start: number; end: number }>();
  entries.forEach((e, i) => extents.set(e.name, { start: e.localHeaderOffset, end: i + 1 < entries.length ? entries[i + 1].localHeaderOffset : directoryOffset }));
  return extents;
}

/**
 * Streams a minimal ZIP made of verified local entries, byte for byte except for the
 * renamed header name, followed by an empty end-of-central-directory record so that
 * unzipper ends cleanly. Sequential readers never look at the offsets this breaks.
 */
async function* reassembleZip(path: string, parts: StreamPart[], extents: Map<string, { start: number; end: number }>): AsyncGenerator<Buffer> {
  for (const { entry, rename } of parts) {
    if (!entry) continue;
    const extent = extents.get(entry.name);
    if (!extent) continue;
    let start = extent.start;
    if (rename && rename !== entry.name) {
      const fixed = await readRange(path, start, start + 30);
      const nameLength = fixed.readUInt16LE(26);
      const name = Buffer.from(rename, 'utf8');
      const header = Buffer.from(fixed);
      header.writeUInt16LE(name.length, 26);
      yield Buffer.concat([header, name]);
      start += 30 + nameLength; // the extra field and data follow unchanged
    }
    const file = createReadStream(path, { start, end: extent.end - 1, highWaterMark: 64 * 1024 });
    try {
      for await (const chunk of file as AsyncIterable<Buffer>) yield chunk;
    } finally {
      file.destroy();
    }
  }
  const eocd = Buffer.alloc(22);
  eocd.writeUInt32LE(0x06054b50, 0);
  yield eocd;
}

async function readRange(path: string, start: number, end: number): Promise<Buffer> {
  const parts: Buffer[] = [];
  for await (const chunk of createReadStream(path, { start, end: end - 1 }) as AsyncIterable<Buffer>) parts.push(chunk);
  return Buffer.concat(parts);
}

function translateXlsxError(err: unknown): unknown {
  if (err instanceof FileRejectedError) return err;
  const message = err instanceof Error ? err.message : String(err);
  return new FileRejectedError('malformed_xlsx', `The workbook could not be read: ${message.slice(0, 200)}`);
}
