import iconv from 'iconv-lite';
import { openFile } from './file.parser';
import { splitLines } from './txt.parser';
import type { FileHeader, ParsedRow, ParseOptions } from './parsing.types';
import { FixtureDir } from './testing/fixtures';

const fx = new FixtureDir();
afterAll(() => fx.cleanup());

let seq = 0;
async function parse(content: string | Buffer, options: ParseOptions = {}): Promise<{ header: FileHeader; rows: ParsedRow[] }> {
  const path = fx.write(`f${++seq}.txt`, content);
  const reader = await openFile(path, options);
  const rows: ParsedRow[] = [];
  for await (const row of reader.rows) rows.push(row);
  return { header: reader.header, rows };
}

async function lines(chunks: string[], max = 1000): Promise<{ line: number; text: string }[]> {
  const out: { line: number; text: string }[] = [];
  async function* source(): AsyncGenerator<string> {
    yield* chunks;
  }
  for await (const l of splitLines(source(), max)) out.push(l);
  return out;
}

describe('TXT parsing', () => {
  it('makes one row per non-blank, trimmed line with its line number', async () => {
    const { header, rows } = await parse('  primera opinión \n\n\t\nsegunda\r\ntercera\rcuarta');
    expect(header).toEqual({ format: 'txt', encoding: 'utf-8', columns: ['text'] });
    expect(rows).toEqual([
      { rowNumber: 1, sourceRow: 1, values: ['primera opinión'] },
      { rowNumber: 2, sourceRow: 4, values: ['segunda'] },
      { rowNumber: 3, sourceRow: 5, values: ['tercera'] },
      { rowNumber: 4, sourceRow: 6, values: ['cuarta'] },
    ]);
  });

  it.each([
    ['UTF-16LE', Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('atención\nñandú\n', 'utf16le')])],
    ['Windows-1252', iconv.encode('atención\nñandú\n', 'windows-1252')],
  ])('decodes %s', async (_label, bytes) => {
    const { rows } = await parse(bytes);
    expect(rows.map((r) => r.values[0])).toEqual(['atención', 'ñandú']);
  });

  it('a 20 MB single line → line_too_long', async () => {
    await expect(parse(Buffer.alloc(20 * 1024 * 1024, 'b'))).rejects.toMatchObject({ code: 'line_too_long', detail: expect.stringContaining('Line 1') });
  });

  it('too many lines → too_many_rows', async () => {
    await expect(parse('a\nb\nc\n', { limits: { maxRows: 2 } })).rejects.toMatchObject({ code: 'too_many_rows' });
  });

  it('blank file → file_empty', async () => {
    await expect(parse('\n \r\n')).rejects.toMatchObject({ code: 'file_empty' });
  });
});

describe('splitLines', () => {
  it('handles CRLF split across chunks and CR-only endings', async () => {
    await expect(lines(['a\r', '\nb\r', 'c\n', '\n', 'd'])).resolves.toEqual([
      { line: 1, text: 'a' },
      { line: 2, text: 'b' },
      { line: 3, text: 'c' },
      { line: 4, text: '' },
      { line: 5, text: 'd' },
    ]);
  });

  it('stops as soon as a partial line passes the limit', async () => {
    await expect(lines(['x'.repeat(600), 'x'.repeat(600)], 1000)).rejects.toMatchObject({ code: 'line_too_long' });
  });
});
