/**
 * Test fixtures generated on the fly (no binary fixtures in the repo). Used only by
 * the *.spec.ts files of src/files.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { crc32, deflateRawSync } from 'node:zlib';
import ExcelJS from 'exceljs';

export class FixtureDir {
  readonly dir = mkdtempSync(join(tmpdir(), 'sentir-files-'));

  write(name: string, content: string | Buffer): string {
    const path = join(this.dir, name);
    writeFileSync(path, content);
    return path;
  }

  path(name: string): string {
    return join(this.dir, name);
  }

  cleanup(): void {
    rmSync(this.dir, { recursive: true, force: true });
  }
}

export interface ZipMember {
  name: string;
  data: Buffer | string;
  /** 8 = deflate (default), 0 = stored. */
  method?: 0 | 8;
  /** Lie about the uncompressed size in both headers. */
  declaredSize?: number;
  /** Write the local entry but leave it out of the central directory. */
  hidden?: boolean;
}

/** A minimal, standards-conforming ZIP writer (no descriptors, no ZIP64), for hostile fixtures. */
export function buildZip(members: ZipMember[]): Buffer {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const m of members) {
    const data = Buffer.isBuffer(m.data) ? m.data : Buffer.from(m.data, 'utf8');
    const method = m.method ?? 8;
    const body = method === 8 ? deflateRawSync(data, { level: 9 }) : data;
    const name = Buffer.from(m.name, 'utf8');
    const crc = crc32(data) >>> 0;
    const size = m.declaredSize ?? data.length;
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(0x0800, 6);
    local.writeUInt16LE(method, 8);
    local.writeUInt16LE(0, 10);
    local.writeUInt16LE(0x21, 12);
    local.writeUInt32LE(crc, 14);
    local.writeUInt32LE(body.length, 18);
    local.writeUInt32LE(size, 22);
    local.writeUInt16LE(name.length, 26);
    local.writeUInt16LE(0, 28);
    locals.push(local, name, body);
    if (m.hidden) {
      offset += 30 + name.length + body.length;
      continue;
    }

    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(20, 4);
    central.writeUInt16LE(20, 6);
    central.writeUInt16LE(0x0800, 8);
    central.writeUInt16LE(method, 10);
    central.writeUInt16LE(0, 12);
    central.writeUInt16LE(0x21, 14);
    central.writeUInt32LE(crc, 16);
    central.writeUInt32LE(body.length, 20);
    central.writeUInt32LE(size, 24);
    central.writeUInt16LE(name.length, 28);
    central.writeUInt32LE(offset, 42);
    centrals.push(central, name);
    offset += 30 + name.length + body.length;
  }
  const cd = Buffer.concat(centrals);
  const eocd = Buffer.alloc(22);
  eocd.writeUInt32LE(0x06054b50, 0);
  const listed = members.filter((m) => !m.hidden).length;
  eocd.writeUInt16LE(listed, 8);
  eocd.writeUInt16LE(listed, 10);
  eocd.writeUInt32LE(cd.length, 12);
  eocd.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, cd, eocd]);
}

const CONTENT_TYPES = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>`;
const ROOT_RELS = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>`;
const WORKBOOK = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="Sheet1" sheetId="1" r:id="rId1"/></sheets></workbook>`;
const WORKBOOK_RELS = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/></Relationships>`;

/** An xlsx-shaped ZIP (inline strings, no styles) whose sheet XML is given verbatim. */
export function buildRawXlsx(sheetXml: string | Buffer, overrides: Partial<Record<'sheet' | 'workbook', Partial<ZipMember>>> = {}, extra: ZipMember[] = []): Buffer {
  return buildZip([
    { name: '[Content_Types].xml', data: CONTENT_TYPES },
    { name: '_rels/.rels', data: ROOT_RELS },
    { name: 'xl/workbook.xml', data: WORKBOOK, ...overrides.workbook },
    { name: 'xl/_rels/workbook.xml.rels', data: WORKBOOK_RELS },
    ...extra,
    { name: 'xl/worksheets/sheet1.xml', data: sheetXml, ...overrides.sheet },
  ]);
}

/** Sheet XML with inline strings, one `<row>` per row. */
export function sheetXml(rows: string[][]): string {
  const body = rows
    .map((r, i) => `<row r="${i + 1}">${r.map((v, j) => `<c r="${String.fromCharCode(65 + j)}${i + 1}" t="inlineStr"><is><t>${escapeXml(v)}</t></is></c>`).join('')}</row>`)
    .join('');
  return `<?xml version="1.0" encoding="UTF-8" standalone="yes"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>${body}</sheetData></worksheet>`;
}

function escapeXml(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

export type CellValue = string | number | boolean | Date | null;

/** A real workbook written by exceljs (shared strings, styles, date formats). */
export async function writeWorkbook(path: string, sheets: { name: string; rows: CellValue[][]; state?: 'visible' | 'hidden' }[]): Promise<void> {
  const wb = new ExcelJS.Workbook();
  for (const s of sheets) {
    const ws = wb.addWorksheet(s.name, { state: s.state ?? 'visible' });
    for (const row of s.rows) ws.addRow(row);
    ws.getColumn(3).numFmt = 'dd/mm/yyyy';
  }
  await wb.xlsx.writeFile(path);
}

/** Deterministic comment-like rows: `id;comment;fecha;canal`. */
export function commentRows(n: number, seed = 1): string[][] {
  const words = ['atención', 'muy', 'buena', 'mala', 'el', 'servicio', 'producto', 'llegó', 'tarde', 'rápido', 'excelente', 'pésimo', 'cajero', 'ñandú', 'precio', 'calidad', 'volveré', 'nunca', 'gracias', 'demora'];
  const rows: string[][] = [];
  let x = seed;
  const rand = (): number => {
    x = (x * 1103515245 + 12345) % 2147483648;
    return x / 2147483648;
  };
  for (let i = 1; i <= n; i++) {
    const len = 6 + Math.floor(rand() * 14);
    const text = Array.from({ length: len }, () => words[Math.floor(rand() * words.length)]).join(' ');
    const day = 1 + Math.floor(rand() * 28);
    const month = 1 + Math.floor(rand() * 12);
    rows.push([`T-${100000 + i}`, text, `${String(day).padStart(2, '0')}/${String(month).padStart(2, '0')}/2024`, rand() < 0.5 ? 'web' : 'tienda']);
  }
  return rows;
}

/** RFC 4180 CSV text. */
export function toCsv(rows: string[][], delimiter = ',', eol = '\r\n'): string {
  return rows
    .map((r) => r.map((v) => (/["\r\n]/.test(v) || v.includes(delimiter) ? `"${v.replace(/"/g, '""')}"` : v)).join(delimiter))
    .join(eol) + eol;
}
