import { readFileSync } from 'node:fs';
import ExcelJS from 'exceljs';
import { openFile } from './file.parser';
import { cellToString } from './xlsx.parser';
import type { FileHeader, ParsedRow, ParseOptions } from './parsing.types';
import { buildRawXlsx, buildZip, FixtureDir, sheetXml } from './testing/fixtures';

const fx = new FixtureDir();
afterAll(() => fx.cleanup());

let seq = 0;
async function parsePath(path: string, options: ParseOptions = {}): Promise<{ header: FileHeader; rows: ParsedRow[] }> {
  const reader = await openFile(path, options);
  const rows: ParsedRow[] = [];
  for await (const row of reader.rows) rows.push(row);
  return { header: reader.header, rows };
}
const parse = (content: Buffer, options: ParseOptions = {}): ReturnType<typeof parsePath> => parsePath(fx.write(`f${++seq}.xlsx`, content), options);
const values = (rows: ParsedRow[]): string[][] => rows.map((r) => r.values);

describe('XLSX parsing', () => {
  let workbook: string;

  beforeAll(async () => {
    workbook = fx.path('workbook.xlsx');
    const wb = new ExcelJS.Workbook();
    const hidden = wb.addWorksheet('Oculta', { state: 'hidden' });
    hidden.addRow(['secret']);
    hidden.addRow(['x']);
    const ws = wb.addWorksheet('Respuestas');
    ws.addRow(['id', 'comentario', 'fecha', 'puntaje', 'ok', 'total', 'id']);
    ws.addRow([1, 'La atención fue excelente', new Date(Date.UTC(2024, 0, 31)), -3, true, { formula: 'D2*2', result: -6 }, 'a']);
    ws.addRow([]);
    ws.addRow([2, { richText: [{ text: 'rico ' }, { font: { bold: true }, text: 'texto' }] }, new Date(Date.UTC(2024, 1, 29, 13, 45, 10)), 0.5, false, null, 'b']);
    ws.addRow([3, '=1+1 (texto, no fórmula)', null, 12345678901234, null, null, 'c', 'nota al margen']);
    ws.getColumn(3).numFmt = 'dd/mm/yyyy';
    const otra = wb.addWorksheet('Otra hoja');
    otra.addRow(['texto']);
    otra.addRow(['desde la otra hoja']);
    await wb.xlsx.writeFile(workbook);
  });

  it('reads the first visible sheet: shared strings, dates as ISO, numbers and booleans as strings', async () => {
    const { header, rows } = await parsePath(workbook);
    expect(header).toEqual({
      format: 'xlsx',
      encoding: 'utf-8',
      sheet: 'Respuestas',
      sheets: ['Oculta', 'Respuestas', 'Otra hoja'],
      columns: ['id', 'comentario', 'fecha', 'puntaje', 'ok', 'total', 'id_2'],
    });
    expect(rows).toEqual([
      { rowNumber: 1, sourceRow: 2, values: ['1', 'La atención fue excelente', '2024-01-31', '-3', 'TRUE', '-6', 'a'] },
      { rowNumber: 2, sourceRow: 4, values: ['2', 'rico texto', '2024-02-29T13:45:10', '0.5', 'FALSE', '', 'b'] },
      { rowNumber: 3, sourceRow: 5, values: ['3', '=1+1 (texto, no fórmula)', '', '12345678901234', '', '', 'c'] },
    ]);
  });

  it('reads a sheet by name, exactly or case-insensitively', async () => {
    await expect(parsePath(workbook, { sheet: 'Otra hoja' })).resolves.toMatchObject({ header: { sheet: 'Otra hoja', columns: ['texto'] }, rows: [{ values: ['desde la otra hoja'] }] });
    await expect(parsePath(workbook, { sheet: ' oculta ' })).resolves.toMatchObject({ header: { sheet: 'Oculta' }, rows: [{ values: ['x'] }] });
  });

  it('an unknown sheet → sheet_not_found listing the sheets', async () => {
    await expect(parsePath(workbook, { sheet: 'Hoja1' })).rejects.toMatchObject({ code: 'sheet_not_found', detail: expect.stringContaining('"Respuestas"') });
  });

  it('reads a workbook with inline strings and no styles or shared strings', async () => {
    const { rows } = await parse(buildRawXlsx(sheetXml([['id', 'texto'], ['1', 'hola & chau <b>']])));
    expect(values(rows)).toEqual([['1', 'hola & chau <b>']]);
  });

  it('reads a workbook written by the exceljs streaming writer (data descriptors)', async () => {
    const path = fx.path('streamed.xlsx');
    const wb = new ExcelJS.stream.xlsx.WorkbookWriter({ filename: path, useSharedStrings: true });
    const ws = wb.addWorksheet('S');
    ws.addRow(['texto', 'n']).commit();
    for (let i = 0; i < 500; i++) ws.addRow([`comentario ${i}`, i]).commit();
    await ws.commit();
    await wb.commit();
    const { rows } = await parsePath(path);
    expect(rows).toHaveLength(500);
    expect(rows[499].values).toEqual(['comentario 499', '499']);
  });

  it('follows relationships to non-standard part names, with shared strings stored after the sheet', async () => {
    const bytes = buildZip([
      { name: '[Content_Types].xml', data: '<Types/>' },
      {
        name: 'xl/workbook.xml',
        data: '<workbook xmlns:x="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="A &amp; B" sheetId="7" x:id="r9"/></sheets></workbook>',
      },
      {
        name: 'xl/_rels/workbook.xml.rels',
        data:
          '<Relationships><Relationship Id="r9" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="/xl/hojas/datos.xml"/>' +
          '<Relationship Id="r2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings" Target="Textos.xml"/></Relationships>',
      },
      { name: 'xl/hojas/datos.xml', data: '<worksheet><sheetData><row r="1"><c r="A1" t="s"><v>0</v></c></row><row r="2"><c r="A2" t="s"><v>1</v></c></row></sheetData></worksheet>' },
      { name: 'xl/Textos.xml', data: '<sst><si><t>comentario</t></si><si><t>muy bueno</t></si></sst>' },
    ]);
    await expect(parse(bytes)).resolves.toEqual({
      header: { format: 'xlsx', encoding: 'utf-8', sheet: 'A & B', sheets: ['A & B'], columns: ['comentario'] },
      rows: [{ rowNumber: 1, sourceRow: 2, values: ['muy bueno'] }],
    });
  });

  it('a header wider than maxColumns → too_many_columns', async () => {
    await expect(parse(buildRawXlsx(sheetXml([['a', 'b', 'c'], ['1', '2', '3']])), { limits: { maxColumns: 2 } })).rejects.toMatchObject({ code: 'too_many_columns' });
  });

  it('an empty sheet or a header alone → file_empty', async () => {
    await expect(parse(buildRawXlsx(sheetXml([])))).rejects.toMatchObject({ code: 'file_empty' });
    await expect(parse(buildRawXlsx(sheetXml([['id', 'texto']])))).rejects.toMatchObject({ code: 'file_empty' });
  });

  it('too many rows → too_many_rows', async () => {
    await expect(parse(buildRawXlsx(sheetXml([['t'], ['a'], ['b'], ['c']])), { limits: { maxRows: 2 } })).rejects.toMatchObject({ code: 'too_many_rows' });
  });

  describe('hostile workbooks', () => {
    it('a zip bomb (20 MB entry in a ~20 KB file) → zip_bomb before inflating', async () => {
      const huge = Buffer.alloc(20 * 1024 * 1024, ' ');
      const bytes = buildRawXlsx(Buffer.concat([Buffer.from(sheetXml([['t'], ['a']]).replace('</worksheet>', '')), huge, Buffer.from('</worksheet>')]));
      expect(bytes.length).toBeLessThan(100 * 1024);
      await expect(parse(bytes)).rejects.toMatchObject({ code: 'zip_bomb', detail: expect.stringContaining('-fold') });
    });

    it('an entry that inflates beyond its declared size → zip_bomb', async () => {
      const xml = sheetXml([['t'], ...Array.from({ length: 20_000 }, (_, i) => [`fila ${i}`])]);
      await expect(parse(buildRawXlsx(xml, { sheet: { declaredSize: 1000 } }))).rejects.toMatchObject({ code: 'zip_bomb', detail: expect.stringContaining('beyond') });
    });

    it('declared total over maxUncompressedBytes → zip_bomb', async () => {
      await expect(parse(buildRawXlsx(sheetXml([['t'], ['a']])), { limits: { maxUncompressedBytes: 1000 } })).rejects.toMatchObject({ code: 'zip_bomb' });
    });

    it('more entries than maxZipEntries → zip_bomb', async () => {
      await expect(parse(buildRawXlsx(sheetXml([['t'], ['a']])), { limits: { maxZipEntries: 3 } })).rejects.toMatchObject({ code: 'zip_bomb' });
    });

    it.each([
      ['a billion-laughs DTD in the sheet', 'sheet', '<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;">]><worksheet><sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>&lol2;</t></is></c></row></sheetData></worksheet>'],
      ['a lower-case doctype in the workbook', 'workbook', '<?xml version="1.0"?><!doctype x SYSTEM "file:///etc/passwd"><workbook/>'],
      ['a bare ENTITY declaration', 'sheet', '<?xml version="1.0"?><!ENTITY x "y"><worksheet/>'],
    ] as const)('%s → xml_entities', async (_label, part, xml) => {
      const bytes = part === 'sheet' ? buildRawXlsx(xml) : buildRawXlsx(sheetXml([['t'], ['a']]), { workbook: { data: xml } });
      await expect(parse(bytes)).rejects.toMatchObject({ code: 'xml_entities' });
    });

    it('comments and CDATA are not mistaken for declarations', async () => {
      const xml = sheetXml([['t'], ['a']]).replace('<sheetData>', '<!-- generated --><sheetData>');
      await expect(parse(buildRawXlsx(xml))).resolves.toMatchObject({ rows: [{ values: ['a'] }] });
    });

    it('an entity bomb in shared strings → xml_entities', async () => {
      const sharedStrings = '<?xml version="1.0"?><!DOCTYPE sst [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;">]><sst><si><t>&b;</t></si></sst>';
      const sheet = '<worksheet><sheetData><row r="1"><c r="A1" t="s"><v>0</v></c></row></sheetData></worksheet>';
      const bytes = buildRawXlsx(sheet, {}, [{ name: 'xl/sharedStrings.xml', data: sharedStrings }]);
      await expect(parse(bytes)).rejects.toMatchObject({ code: 'xml_entities', detail: expect.stringContaining('sharedStrings.xml') });
    });

    it('a local entry hidden from the central directory → malformed_xlsx', async () => {
      const bytes = buildRawXlsx(sheetXml([['t'], ['a']]), {}, [{ name: 'xl/worksheets/sheet9.xml', data: sheetXml([['evil']]), hidden: true }]);
      await expect(parse(bytes)).rejects.toMatchObject({ code: 'malformed_xlsx', detail: expect.stringContaining('hidden or overlapping') });
    });

    it('corrupted compressed data → malformed_xlsx', async () => {
      const bytes = buildRawXlsx(sheetXml([['t'], ...Array.from({ length: 200 }, (_, i) => [`fila ${i}`])]));
      // The first occurrence of the name is in the local header: corrupt a byte of the data after it.
      const local = bytes.indexOf(Buffer.from('xl/worksheets/sheet1.xml'));
      bytes[local + 'xl/worksheets/sheet1.xml'.length + 40] ^= 0xff;
      await expect(parse(bytes)).rejects.toMatchObject({ code: 'malformed_xlsx' });
    });

    it('a truncated file → malformed_xlsx', async () => {
      const bytes = readFileSync(workbook);
      await expect(parse(bytes.subarray(0, bytes.length - 100))).rejects.toMatchObject({ code: 'malformed_xlsx' });
    });

    it('UTF-16 XML parts → unsupported_media_type', async () => {
      const xml = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(sheetXml([['t'], ['a']]), 'utf16le')]);
      await expect(parse(buildRawXlsx(xml))).rejects.toMatchObject({ code: 'unsupported_media_type' });
    });

    it('a ZIP that is not a workbook, named .xlsx → unsupported_media_type', async () => {
      const docx = buildZip([
        { name: '[Content_Types].xml', data: '<Types/>' },
        { name: 'word/document.xml', data: '<w:document/>' },
      ]);
      await expect(parse(docx)).rejects.toMatchObject({ code: 'unsupported_media_type', detail: expect.stringContaining('not an Excel workbook') });
    });
  });
});

describe('cellToString', () => {
  it.each([
    [null, ''],
    ['x', 'x'],
    [-0, '0'],
    [1e21, '1e+21'],
    [true, 'TRUE'],
    [new Date(Date.UTC(2024, 5, 1)), '2024-06-01'],
    [new Date(Date.UTC(2024, 5, 1, 8, 0, 0, 600)), '2024-06-01T08:00:01'],
    [new Date(NaN), ''],
    [{ richText: [{ text: 'a' }, { text: 'b' }] }, 'ab'],
    [{ formula: 'A1', result: new Date(Date.UTC(2020, 0, 1)) }, '2020-01-01'],
    [{ formula: 'A1' }, ''],
    [{ error: '#N/A' }, '#N/A'],
    [{ text: 'link', hyperlink: 'http://x' }, 'link'],
  ])('%p → %p', (value, expected) => {
    expect(cellToString(value)).toBe(expected);
  });
});
