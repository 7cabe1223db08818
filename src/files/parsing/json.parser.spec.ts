import { openFile } from './file.parser';
import { scanJson } from './json.parser';
import type { FileHeader, ParsedRow, ParseOptions } from './parsing.types';
import { FixtureDir } from './testing/fixtures';

const fx = new FixtureDir();
afterAll(() => fx.cleanup());

let seq = 0;
async function parse(content: string | Buffer, options: ParseOptions = {}, ext = 'json'): Promise<{ header: FileHeader; rows: ParsedRow[] }> {
  const path = fx.write(`f${++seq}.${ext}`, content);
  const reader = await openFile(path, options);
  const rows: ParsedRow[] = [];
  for await (const row of reader.rows) rows.push(row);
  return { header: reader.header, rows };
}
const values = (rows: ParsedRow[]): string[][] => rows.map((r) => r.values);

describe('JSON parsing', () => {
  it('reads an array of objects, columns in order of first appearance, scalars as strings', async () => {
    const { header, rows } = await parse(JSON.stringify([{ id: 1, texto: 'hola', ok: true }, { id: 2, texto: 'chau', extra: null, nota: 4.5 }]));
    expect(header).toEqual({ format: 'json', encoding: 'utf-8', jsonPath: '$', columns: ['id', 'texto', 'ok', 'extra', 'nota'] });
    expect(values(rows)).toEqual([
      ['1', 'hola', 'true', '', ''],
      ['2', 'chau', '', '', '4.5'],
    ]);
  });

  it('flattens nested objects to dotted columns and keeps arrays as JSON', async () => {
    const { header, rows } = await parse(JSON.stringify([{ text: 'x', author: { name: 'Ana', geo: { city: 'Asunción' } }, tags: ['a', 'b'], meta: {} }]));
    expect(header.columns).toEqual(['text', 'author.name', 'author.geo.city', 'tags', 'meta']);
    expect(values(rows)).toEqual([['x', 'Ana', 'Asunción', '["a","b"]', '{}']]);
  });

  it('picks the largest array of objects inside an object', async () => {
    const doc = { meta: { total: 2, sources: [{ n: 'web' }] }, comments: [{ t: 'a' }, { t: 'b' }, { t: 'c' }], tags: ['x', 'y', 'z', 'w'] };
    const { header, rows } = await parse(JSON.stringify(doc, null, 2));
    expect(header.jsonPath).toBe('$.comments');
    expect(values(rows)).toEqual([['a'], ['b'], ['c']]);
    expect(rows.map((r) => r.sourceRow)).toEqual([1, 2, 3]);
  });

  it('puts arrays of strings in a text column', async () => {
    const { header, rows } = await parse('{"respuestas": ["bueno", "malo", null, ""]}');
    expect(header.columns).toEqual(['text']);
    expect(values(rows)).toEqual([['bueno'], ['malo']]);
  });

  it('flattens a chat export to one row per message with the conversation id', async () => {
    const doc = {
      conversations: [
        { id: 'c1', channel: 'whatsapp', messages: [{ role: 'user', text: 'hola' }, { role: 'agent', text: '¿en qué ayudo?', conversation_id: 'spoofed' }] },
        { conversation_id: 77, messages: [{ role: 'user', text: 'pedido tarde', author: { name: 'Ana' } }] },
        { id: 'c3', messages: [] },
      ],
    };
    const { header, rows } = await parse(JSON.stringify(doc));
    expect(header.jsonPath).toBe('$.conversations[].messages');
    expect(header.columns).toEqual(['conversation_id', 'role', 'text', 'author.name']);
    expect(values(rows)).toEqual([
      ['c1', 'user', 'hola', ''],
      ['c1', 'agent', '¿en qué ayudo?', ''],
      ['77', 'user', 'pedido tarde', 'Ana'],
    ]);
  });

  it('recognises a top-level array of conversations too', async () => {
    const { header, rows } = await parse(JSON.stringify([{ id: 9, messages: [{ text: 'a' }, { text: 'b' }] }]));
    expect(header.jsonPath).toBe('$[].messages');
    expect(values(rows)).toEqual([
      ['9', 'a'],
      ['9', 'b'],
    ]);
  });

  it.each(['ndjson', 'jsonl', 'json'])('reads NDJSON (.%s), blank lines and CRLF included', async (ext) => {
    const { header, rows } = await parse('{"id":1,"text":"uno"}\r\n\r\n{"id":2,"text":"dos","x":[1]}\n', {}, ext);
    expect(header).toMatchObject({ jsonPath: 'ndjson', columns: ['id', 'text', 'x'] });
    expect(values(rows)).toEqual([
      ['1', 'uno', ''],
      ['2', 'dos', '[1]'],
    ]);
  });

  it('reads a one-line .ndjson file as one row', async () => {
    await expect(parse('{"text":"solo"}\n', {}, 'ndjson')).resolves.toMatchObject({ header: { jsonPath: 'ndjson' }, rows: [{ values: ['solo'] }] });
  });

  it('reads UTF-8 with BOM and UTF-16 JSON', async () => {
    const json = '[{"texto":"atención ñ"}]';
    await expect(parse(Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(json)]))).resolves.toMatchObject({ rows: [{ values: ['atención ñ'] }] });
    await expect(parse(Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(json, 'utf16le')]))).resolves.toMatchObject({ header: { encoding: 'utf-16le' } });
  });

  describe('rejections', () => {
    it('100,000 nested arrays → json_too_deep before anything is built', async () => {
      await expect(parse('['.repeat(100_000) + ']'.repeat(100_000))).rejects.toMatchObject({ code: 'json_too_deep' });
    });

    it('33 levels → json_too_deep; 32 levels are fine', async () => {
      const nest = (levels: number): string => '{"a":'.repeat(levels - 2) + '[{"t":"x"}]' + '}'.repeat(levels - 2);
      await expect(parse(nest(32))).resolves.toMatchObject({ rows: [{ values: ['x'] }] });
      await expect(parse(nest(33))).rejects.toMatchObject({ code: 'json_too_deep' });
    });

    it.each([
      ['__proto__', '[{"texto":"a","__proto__":{"admin":true}}]'],
      ['escaped __proto__', '[{"texto":"a","\\u005f_proto__":{"admin":true}}]'],
      ['constructor (nested)', '{"items":[{"texto":"a","meta":{"constructor":{"prototype":{}}}}]}'],
      ['prototype outside the rows', '{"prototype":1,"items":[{"texto":"a"}]}'],
    ])('%s → json_forbidden_key', async (_label, json) => {
      await expect(parse(json)).rejects.toMatchObject({ code: 'json_forbidden_key' });
      expect(({} as Record<string, unknown>).admin).toBeUndefined();
    });

    it('does not mistake a forbidden word in a value for a key', async () => {
      await expect(parse('[{"texto":"__proto__ constructor"}]')).resolves.toMatchObject({ rows: [{ values: ['__proto__ constructor'] }] });
    });

    it.each([
      ['a trailing comma', '[{"a":1},]'],
      ['a missing brace', '[{"a":1]'],
      ['an unterminated string', '[{"a":"x}]'],
      ['a bad literal', '[{"a":tru}]'],
      ['a bare scalar', '"just a string"'],
      ['an object without arrays', '{"a":1,"b":{"c":2}}'],
      ['garbage after NDJSON', '{"a":1}\n{"a":2}\nnope'],
      ['text named .json', 'id,texto\n1,hola\n'],
    ])('%s → malformed_json', async (_label, json) => {
      await expect(parse(json)).rejects.toMatchObject({ code: 'malformed_json' });
    });

    it('reports the position of malformed JSON', async () => {
      await expect(parse('[\n{"a":1},\n{"a":2 "b":3}\n]')).rejects.toMatchObject({ detail: expect.stringContaining('line 3, column 8') });
    });

    it('an element with an invalid escape → malformed_json', async () => {
      await expect(parse('[{"a":"\\x"}]')).rejects.toMatchObject({ code: 'malformed_json' });
    });

    it.each([
      ['[]', 'an empty array'],
      ['{"comments": []}', 'an object with an empty array'],
      ['[{}, {}]', 'empty objects'],
      ['  ', 'whitespace'],
    ])('%s (%s) → file_empty', async (json) => {
      await expect(parse(json)).rejects.toMatchObject({ code: 'file_empty' });
    });

    it('more distinct keys than maxColumns → too_many_columns', async () => {
      await expect(parse(JSON.stringify([{ a: 1 }, { b: 1 }, { c: 1 }]), { limits: { maxColumns: 2 } })).rejects.toMatchObject({ code: 'too_many_columns' });
    });

    it('a value longer than maxLineChars → line_too_long', async () => {
      await expect(parse(JSON.stringify([{ t: 'x'.repeat(2000) }]), { limits: { maxLineChars: 1000 } })).rejects.toMatchObject({ code: 'line_too_long' });
    });

    it('more elements than maxRows → too_many_rows', async () => {
      await expect(parse('[1,2,3]', { limits: { maxRows: 2 } })).rejects.toMatchObject({ code: 'too_many_rows' });
    });
  });
});

describe('scanJson', () => {
  it('finds the arrays of the document with their element and object counts', () => {
    const scan = scanJson('{"a":[1,{"x":[2]}],"b":{"c":[{},{}]}, "d":[]}', 32);
    expect(scan.values).toHaveLength(1);
    expect(scan.arrays.map(({ path, elements, objects }) => ({ path, elements, objects }))).toEqual([
      { path: '$.a', elements: 2, objects: 1 },
      { path: '$.b.c', elements: 2, objects: 2 },
      { path: '$.d', elements: 0, objects: 0 },
    ]);
  });

  it('handles escaped quotes and backslashes inside strings', () => {
    const scan = scanJson('[{"t":"a \\"quoted\\" \\\\"}, {"t":"]}"}]', 32);
    expect(scan.arrays[0]).toMatchObject({ elements: 2, objects: 2 });
  });
});
