import { PassThrough, Writable } from 'node:stream';
import { openFile } from '../parsing/file.parser';
import type { ParsedRow } from '../parsing/parsing.types';
import { FixtureDir } from '../parsing/testing/fixtures';
import { writeCsv } from './csv.writer';
import type { ExportRecord, ExportSource } from './export.types';
import { writeExport } from './export.writer';
import { neutraliseFormula } from './formula.util';
import { writeJson, writeNdjson } from './json.writer';
import { ExportDestinationClosedError } from './stream-sink.util';
import { sheetName, writeXlsx, XLSX_MAX_CELL_CHARS } from './xlsx.writer';

jest.setTimeout(60_000);

const fx = new FixtureDir();
afterAll(() => fx.cleanup());

/** Collects everything written; optionally slow (async callback) with a small buffer. */
class Collector extends Writable {
  readonly chunks: Buffer[] = [];
  bytes = 0;
  maxBuffered = 0;
  constructor(private readonly delay = false) {
    super({ highWaterMark: 16 * 1024 });
  }
  override _write(chunk: Buffer, _enc: BufferEncoding, cb: (err?: Error | null) => void): void {
    this.maxBuffered = Math.max(this.maxBuffered, this.writableLength);
    this.chunks.push(chunk);
    this.bytes += chunk.length;
    if (this.delay) setImmediate(cb);
    else cb();
  }
  get buffer(): Buffer {
    return Buffer.concat(this.chunks);
  }
  get text(): string {
    return this.buffer.toString('utf8');
  }
}

async function parseBack(bytes: Buffer, ext: string): Promise<{ columns: string[]; rows: ParsedRow[] }> {
  const reader = await openFile(fx.write(`back-${Math.random().toString(36).slice(2)}.${ext}`, bytes));
  const rows: ParsedRow[] = [];
  for await (const r of reader.rows) rows.push(r);
  return { columns: reader.header.columns, rows };
}

const COLUMNS = ['id', 'texto', 'score', 'constructor'];
const RECORDS: ExportRecord[] = [
  { id: 1, texto: '=HYPERLINK("http://evil","clic")', score: -3 },
  { id: 2, texto: '+54 9 11 5555', score: 0.25 },
  { id: 3, texto: '-3', score: null },
  { id: 4, texto: '@SUM(A1)', score: Number.NaN },
  { id: 5, texto: '\t=1+1', score: 1e6 },
  { id: 6, texto: '\r=1+1' },
  { id: 7, texto: '  =1+1' },
  { id: 8, texto: '＝1+1' },
  { id: 9, texto: 'normal, con "comillas"\ny salto', score: 10 },
];

describe('neutraliseFormula', () => {
  it.each([
    ['=1+1', "'=1+1"],
    ['+1', "'+1"],
    ['-1', "'-1"],
    ['@x', "'@x"],
    ['\tx', "'\tx"],
    ['\rx', "'\rx"],
    ['  =x', "'  =x"],
    ['\n-x', "'\n-x"],
    ['＋x', "'＋x"],
    ['hola = chau', 'hola = chau'],
    ['', ''],
    ["'ya", "'ya"],
  ])('%j → %j', (input, expected) => {
    expect(neutraliseFormula(input)).toBe(expected);
  });
});

describe('writeCsv', () => {
  it('writes a BOM, a header, CRLF lines, quotes where needed and neutralises formulas', async () => {
    const out = new Collector();
    await expect(writeCsv(RECORDS, COLUMNS, out)).resolves.toEqual({ rows: 9 });
    const lines = out.text.split('\r\n');
    expect(out.buffer.subarray(0, 3)).toEqual(Buffer.from([0xef, 0xbb, 0xbf]));
    expect(lines[0]).toBe('\ufeffid,texto,score,constructor');
    expect(lines[1]).toBe(`1,"'=HYPERLINK(""http://evil"",""clic"")",-3,`);
    expect(lines[2]).toBe(`2,"'+54 9 11 5555",0.25,`);
    expect(lines[3]).toBe(`3,"'-3",,`);
    expect(lines[4]).toBe(`4,"'@SUM(A1)",,`);
    expect(lines[5]).toBe(`5,"'\t=1+1",1000000,`);
    expect(out.writableEnded).toBe(true);
  });

  it('round-trips through the CSV parser', async () => {
    const out = new Collector();
    await writeCsv(RECORDS, COLUMNS, out, { delimiter: ';' });
    const back = await parseBack(out.buffer, 'csv');
    expect(back.columns).toEqual(COLUMNS);
    expect(back.rows[8].values).toEqual(['9', 'normal, con "comillas"\ny salto', '10', '']);
    expect(back.rows[5].values[1]).toBe("'\r=1+1");
  });

  it('neutralises header names too, and can skip the BOM and keep the stream open', async () => {
    const out = new Collector();
    await writeCsv([{ '=cmd': 'x' }], ['=cmd'], out, { bom: false, keepOpen: true });
    expect(out.text).toBe(`"'=cmd"\r\nx\r\n`);
    expect(out.writableEnded).toBe(false);
  });
});

describe('writeJson / writeNdjson', () => {
  it('writes a JSON array with keys in column order, nulls for missing values, no neutralisation', async () => {
    const out = new Collector();
    await writeJson(RECORDS.slice(0, 4), ['texto', 'score', '__proto__'], out);
    const parsed = JSON.parse(out.text) as Record<string, unknown>[];
    expect(parsed).toHaveLength(4);
    expect(Object.keys(parsed[0])).toEqual(['texto', 'score', '__proto__']);
    expect(parsed[0].texto).toBe('=HYPERLINK("http://evil","clic")');
    expect(parsed[3]).toEqual(JSON.parse('{"texto":"@SUM(A1)","score":null,"__proto__":null}'));
  });

  it('writes [] for no records', async () => {
    const out = new Collector();
    await writeJson([], ['a'], out);
    expect(JSON.parse(out.text)).toEqual([]);
  });

  it('writes one object per line for NDJSON', async () => {
    const out = new Collector();
    await writeNdjson(RECORDS, ['id', 'score'], out);
    const lines = out.text.trimEnd().split('\n').map((l) => JSON.parse(l) as unknown);
    expect(lines).toHaveLength(9);
    expect(lines[0]).toEqual({ id: 1, score: -3 });
    expect(out.text.endsWith('\n')).toBe(true);
  });
});

describe('writeXlsx', () => {
  it('writes a workbook whose strings are neutralised and whose numbers stay numbers', async () => {
    const out = new Collector();
    await expect(writeXlsx(RECORDS, COLUMNS, out, { sheetName: 'Resultados' })).resolves.toEqual({ rows: 9 });
    const back = await parseBack(out.buffer, 'xlsx');
    expect(back.columns).toEqual(COLUMNS);
    expect(back.rows.map((r) => r.values)).toEqual([
      ['1', `'=HYPERLINK("http://evil","clic")`, '-3', ''],
      ['2', "'+54 9 11 5555", '0.25', ''],
      ['3', "'-3", '', ''],
      ['4', "'@SUM(A1)", '', ''],
      ['5', "'\t=1+1", '1000000', ''],
      ['6', "'\n=1+1", '', ''], // XML end-of-line normalisation turns the CR into LF on reading
      ['7', "'  =1+1", '', ''],
      ['8', "'＝1+1", '', ''],
      ['9', 'normal, con "comillas"\ny salto', '10', ''],
    ]);
  });

  it('cuts cells at 32,767 characters and repairs lone surrogates', async () => {
    const out = new Collector();
    await writeXlsx([{ t: 'x'.repeat(40_000) }, { t: 'a\ud800b\ufffe' }], ['t'], out);
    const back = await parseBack(out.buffer, 'xlsx');
    expect(back.rows[0].values[0]).toHaveLength(XLSX_MAX_CELL_CHARS);
    expect(back.rows[1].values[0]).toBe('a\ufffdb\ufffd');
  });

  it.each([
    ['Sheet [1]: a/b?', 'Sheet  1   a b'],
    ["'quoted'", 'quoted'],
    ['', 'Export'],
    ['x'.repeat(40), 'x'.repeat(31)],
  ])('sheetName(%j) → %j', (raw, expected) => {
    expect(sheetName(raw)).toBe(expected);
  });

  it('can leave the destination open', async () => {
    const out = new Collector();
    await writeXlsx([{ a: 1 }], ['a'], out, { keepOpen: true });
    expect(out.writableEnded).toBe(false);
    await expect(parseBack(out.buffer, 'xlsx')).resolves.toMatchObject({ rows: [{ values: ['1'] }] });
  });
});

describe('streaming and backpressure', () => {
  function* generate(n: number, counter: { produced: number }): Generator<ExportRecord> {
    for (let i = 0; i < n; i++) {
      counter.produced++;
      yield { id: i, texto: `comentario ${i} `.padEnd(400, 'abcdefghij '), score: (i % 200) / 100 - 1, canal: i % 2 ? 'web' : 'tienda' };
    }
  }

  it.each(['csv', 'xlsx', 'json', 'ndjson'] as const)('%s stops pulling records while the destination is stuck', async (format) => {
    const counter = { produced: 0 };
    let release: (() => void) | undefined;
    const stuck = new Writable({
      highWaterMark: 16 * 1024,
      write(_chunk, _enc, cb): void {
        release = (): void => cb();
      },
    });
    const done = writeExport(format, generate(50_000, counter), ['id', 'texto', 'score', 'canal'], stuck);
    await new Promise((r) => setTimeout(r, 300));
    // CSV/JSON: ~16 KiB buffered + one 64 KiB chunk. XLSX: plus what sits in exceljs' and
    // archiver's pipeline between two checkpoints (a few thousand rows, ~1–2 MB).
    expect(counter.produced).toBeLessThan(format === 'xlsx' ? 6_000 : 1_000);
    stuck.destroy();
    release?.();
    await expect(done).rejects.toBeInstanceOf(ExportDestinationClosedError);
  });

  it.each(['csv', 'xlsx', 'json', 'ndjson'] as const)('%s streams 50,000 rows to a slow client with modest memory', async (format) => {
    const counter = { produced: 0 };
    const out = new Collector(true);
    global.gc?.();
    const before = process.memoryUsage().heapUsed;
    let peak = before;
    const timer = setInterval(() => (peak = Math.max(peak, process.memoryUsage().heapUsed)), 5);
    try {
      await expect(writeExport(format, generate(50_000, counter), ['id', 'texto', 'score', 'canal'], out)).resolves.toEqual({ rows: 50_000 });
    } finally {
      clearInterval(timer);
    }
    const growthMb = (peak - before) / 1024 / 1024;
    // Output is ~20 MB (CSV/JSON) or ~3 MB zipped (XLSX); none of it may pile up in memory.
    expect(out.maxBuffered).toBeLessThanOrEqual(128 * 1024);
    expect(growthMb).toBeLessThan(48);
    expect(out.bytes).toBeGreaterThan(format === 'xlsx' ? 1_000_000 : 20_000_000);
    process.stdout.write(`[export ${format}] 50,000 rows, ${(out.bytes / 1e6).toFixed(1)} MB, peak heap +${growthMb.toFixed(1)} MiB\n`);
  });

  it('rejects with ExportDestinationClosedError when the client disconnects mid-export', async () => {
    for (const format of ['csv', 'xlsx'] as const) {
      const out = new PassThrough({ highWaterMark: 1024 });
      let read = 0;
      out.on('data', (c: Buffer) => {
        read += c.length;
        if (read > 100_000) out.destroy();
      });
      const counter = { produced: 0 };
      await expect(writeExport(format, generate(50_000, counter), ['id', 'texto'], out)).rejects.toBeInstanceOf(ExportDestinationClosedError);
      expect(counter.produced).toBeLessThan(50_000);
    }
  });

  it('propagates an error from the record source', async () => {
    async function* failing(): AsyncGenerator<ExportRecord> {
      yield { a: 1 };
      throw new Error('db went away');
    }
    const source: ExportSource = failing();
    await expect(writeCsv(source, ['a'], new Collector())).rejects.toThrow('db went away');
  });
});
