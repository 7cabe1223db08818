import iconv from 'iconv-lite';
import { detectDelimiter } from './csv.parser';
import { openFile } from './file.parser';
import type { FileHeader, ParsedRow, ParseOptions } from './parsing.types';
import { FixtureDir, toCsv } from './testing/fixtures';

const fx = new FixtureDir();
afterAll(() => fx.cleanup());

let seq = 0;
async function parse(content: string | Buffer, options: ParseOptions = {}, ext = 'csv'): Promise<{ header: FileHeader; rows: ParsedRow[] }> {
  const path = fx.write(`f${++seq}.${ext}`, content);
  const reader = await openFile(path, options);
  const rows: ParsedRow[] = [];
  for await (const row of reader.rows) rows.push(row);
  return { header: reader.header, rows };
}

const ROWS = [
  ['id', 'comentario', 'fecha'],
  ['1', 'La atención fue excelente', '01/02/2024'],
  ['2', 'El niño pidió ñoquis', '02/02/2024'],
];

describe('CSV parsing', () => {
  it.each([',', ';', '\t', '|'] as const)('detects the %j delimiter', async (delimiter) => {
    const { header, rows } = await parse(toCsv(ROWS, delimiter));
    expect(header).toMatchObject({ format: 'csv', delimiter, columns: ['id', 'comentario', 'fecha'] });
    expect(rows.map((r) => r.values)).toEqual(ROWS.slice(1));
  });

  it('prefers the delimiter that splits every line consistently over commas inside text', () => {
    const sample = 'id;texto;canal\n1;hola, qué tal, bien;web\n2;mal;tienda\n3;uno, dos;web\n';
    expect(detectDelimiter(sample)).toBe(';');
  });

  it('reads a one-column file (no delimiter in the header) with commas and semicolons inside the comments', async () => {
    const { header, rows } = await parse('comentario\nMuy lento, y caro; pésimo\n"Dijo: ""hola, chau"""\n');
    expect(header).toMatchObject({ columns: ['comentario'], delimiter: undefined });
    expect(rows.map((r) => r.values)).toEqual([['Muy lento, y caro; pésimo'], ['Dijo: "hola, chau"']]);
  });

  it('still reads a header with one delimiter as two columns', async () => {
    const { header } = await parse('id,comentario\n1,hola\n');
    expect(header).toMatchObject({ columns: ['id', 'comentario'], delimiter: ',' });
  });

  it('uses tab for .tsv files and honours an explicit delimiter', async () => {
    await expect(parse('a\tb\n1\t2\n', {}, 'tsv')).resolves.toMatchObject({ header: { delimiter: '\t' } });
    await expect(parse('a|b;c\n1|2;3\n', { delimiter: '|' })).resolves.toMatchObject({ header: { columns: ['a', 'b;c'] } });
  });

  it('reads quoted fields with delimiters, escaped quotes and line breaks, and reports the starting line', async () => {
    const csv = 'id,comentario\r\n1,"Dijo ""hola"", y se fue"\r\n2,"Primera línea\r\nsegunda línea\r\ntercera"\r\n3,fin\r\n';
    const { rows } = await parse(csv);
    expect(rows).toEqual([
      { rowNumber: 1, sourceRow: 2, values: ['1', 'Dijo "hola", y se fue'] },
      { rowNumber: 2, sourceRow: 3, values: ['2', 'Primera línea\r\nsegunda línea\r\ntercera'] },
      { rowNumber: 3, sourceRow: 6, values: ['3', 'fin'] },
    ]);
  });

  it.each([
    ['UTF-8', Buffer.from(toCsv(ROWS), 'utf8'), 'utf-8'],
    ['UTF-8 BOM', Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(toCsv(ROWS), 'utf8')]), 'utf-8'],
    ['UTF-16LE BOM', Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(toCsv(ROWS, '\t'), 'utf16le')]), 'utf-16le'],
    ['UTF-16BE BOM', Buffer.concat([Buffer.from([0xfe, 0xff]), Buffer.from(toCsv(ROWS, '\t'), 'utf16le').swap16()]), 'utf-16be'],
    ['Windows-1252', iconv.encode(toCsv(ROWS, ';'), 'windows-1252'), 'windows-1252'],
  ])('decodes %s: "atención" and "ñ" come out right, no BOM in the first header', async (_label, bytes, encoding) => {
    const { header, rows } = await parse(bytes);
    expect(header.encoding).toBe(encoding);
    expect(header.columns[0]).toBe('id');
    expect(rows[0].values[1]).toBe('La atención fue excelente');
    expect(rows[1].values[1]).toBe('El niño pidió ñoquis');
  });

  it('accepts mixed CRLF, LF and CR line endings', async () => {
    const { rows } = await parse('id,texto\r\n1,uno\n2,dos\r3,tres\r\n');
    expect(rows).toEqual([
      { rowNumber: 1, sourceRow: 2, values: ['1', 'uno'] },
      { rowNumber: 2, sourceRow: 3, values: ['2', 'dos'] },
      { rowNumber: 3, sourceRow: 4, values: ['3', 'tres'] },
    ]);
  });

  it('names blank header cells column_N and de-duplicates repeated names', async () => {
    const { header } = await parse('id,,Texto,texto, texto ,\n1,2,3,4,5,6\n');
    expect(header.columns).toEqual(['id', 'column_2', 'Texto', 'texto_2', 'texto_3', 'column_6']);
  });

  it('skips blank lines and all-empty records, pads short records and drops empty trailing extras', async () => {
    const { rows } = await parse('a,b,c\n\n1,2\n,,\n3,4,5,,\n');
    expect(rows.map((r) => r.values)).toEqual([
      ['1', '2', ''],
      ['3', '4', '5'],
    ]);
  });

  it('reads files without a header when asked', async () => {
    const { header, rows } = await parse('hola;1\nchau;2\n', { header: false });
    expect(header.columns).toEqual(['column_1', 'column_2']);
    expect(rows.map((r) => r.sourceRow)).toEqual([1, 2]);
  });

  it('tolerates a stray quote inside an unquoted field', async () => {
    const { rows } = await parse('id,texto\n1,pantalla de 15" rota\n');
    expect(rows[0].values[1]).toBe('pantalla de 15" rota');
  });

  describe('rejections', () => {
    it('a record with more non-empty fields than the header → malformed_csv with the line', async () => {
      await expect(parse('id,texto\n1,bien\n2,mal, muy mal\n')).rejects.toMatchObject({ code: 'malformed_csv', detail: expect.stringContaining('Line 3 has 3 fields') });
    });

    it('an unclosed quote → malformed_csv', async () => {
      await expect(parse('id,texto\n1,"sin cerrar\n2,otra\n')).rejects.toMatchObject({ code: 'malformed_csv' });
    });

    it('a 20 MB single line → line_too_long, without reading it all into a record', async () => {
      const content = Buffer.alloc(20 * 1024 * 1024, 'a');
      await expect(parse(content)).rejects.toMatchObject({ code: 'line_too_long' });
    });

    it('an unclosed quote swallowing the rest of a big file → line_too_long', async () => {
      await expect(parse('id,texto\n1,"abc' + 'x,'.repeat(1024 * 1024) + '\n', { limits: { maxLineChars: 100_000 } })).rejects.toMatchObject({ code: 'line_too_long' });
    });

    it('more rows than maxRows → too_many_rows', async () => {
      await expect(parse('a\n1\n2\n3\n', { limits: { maxRows: 2 } })).rejects.toMatchObject({ code: 'too_many_rows' });
    });

    it('more columns than maxColumns → too_many_columns', async () => {
      await expect(parse('a,b,c,d\n1,2,3,4\n', { limits: { maxColumns: 3 } })).rejects.toMatchObject({ code: 'too_many_columns' });
    });

    it.each([
      ['only whitespace', '  \r\n\r\n '],
      ['a header and no data', 'id,texto\r\n'],
    ])('%s → file_empty', async (_label, content) => {
      await expect(parse(content)).rejects.toMatchObject({ code: 'file_empty' });
    });
  });
});
