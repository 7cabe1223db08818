import { writeFileSync } from 'node:fs';
import iconv from 'iconv-lite';
import { inspectFile, openFile } from './file.parser';
import { FileRejectedError } from './parsing.errors';
import { inspectFileInWorker, parseFileInWorker, ParseEvent, startWorker, type WorkerParseOptions } from './parse-worker.client';
import type { FileInspection, ParsedRow } from './parsing.types';
import { commentRows, FixtureDir, toCsv, writeWorkbook } from './testing/fixtures';

// Under ts-jest the worker runs this folder's sources transpiled in memory (see
// resolveWorkerEntry); the first start pays for loading the TypeScript compiler.
jest.setTimeout(60_000);

const fx = new FixtureDir();
afterAll(() => fx.cleanup());

const HEADER = ['ticket', 'comentario', 'fecha', 'canal'];
let csv5000: string;
beforeAll(() => {
  csv5000 = fx.write('c5000.csv', toCsv([HEADER, ...commentRows(5000)]));
});

async function collect(events: AsyncIterable<ParseEvent>): Promise<ParseEvent[]> {
  const out: ParseEvent[] = [];
  for await (const e of events) out.push(e);
  return out;
}

describe('parseFileInWorker', () => {
  it('streams the header, batches of rows and the end, identical to an in-process parse', async () => {
    const events = await collect(parseFileInWorker(csv5000, { batchSize: 1000 }));
    expect(events.map((e) => (e.type === 'rows' ? e.rows.length : e.type))).toEqual(['header', 1000, 1000, 1000, 1000, 1000, 'end']);
    expect(events.at(-1)).toEqual({ type: 'end', rows: 5000 });

    const local = await openFile(csv5000);
    const rows: ParsedRow[] = [];
    for await (const r of local.rows) rows.push(r);
    expect(events[0]).toEqual({ type: 'header', header: local.header });
    expect(events.flatMap((e) => (e.type === 'rows' ? e.rows : []))).toEqual(rows);
  });

  it('keeps at most two batches in flight while the consumer is busy', async () => {
    const session = startWorker('parse', csv5000, { batchSize: 100 });
    try {
      expect((await session.next()).type).toBe('header');
      await new Promise((r) => setTimeout(r, 500));
      expect(session.queued).toBe(2); // 50 batches are ready to go; the window holds the rest back
      expect((await session.next()).type).toBe('rows');
      session.post({ type: 'credit' });
      await new Promise((r) => setTimeout(r, 200));
      expect(session.queued).toBe(2);
    } finally {
      await session.close();
    }
  });

  it('surfaces a rejected file as a FileRejectedError with its code', async () => {
    const elf = fx.write('elf.bin', Buffer.concat([Buffer.from([0x7f, 0x45, 0x4c, 0x46]), Buffer.alloc(64)]));
    const error = await collect(parseFileInWorker(elf, { filename: 'comments.csv' })).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(FileRejectedError);
    expect(error).toMatchObject({ code: 'unsupported_media_type' });
  });

  it('delivers the rows before a late error, then throws it', async () => {
    const path = fx.write('late.csv', toCsv([HEADER, ...commentRows(2500)]) + '1,2,3,4,5\n');
    const seen: string[] = [];
    const error = await (async () => {
      for await (const e of parseFileInWorker(path, { batchSize: 1000 })) seen.push(e.type);
    })().catch((e: unknown) => e);
    expect(seen).toEqual(['header', 'rows', 'rows']);
    expect(error).toMatchObject({ code: 'malformed_csv', detail: expect.stringContaining('Line 2502') });
  });

  it('turns an out-of-memory worker into file_too_complex and the parent survives', async () => {
    // 40 MB of JSON with an 32 MiB heap: the text alone does not fit.
    const path = fx.path('big.json');
    const item = JSON.stringify({ texto: 'x'.repeat(200) });
    writeFileSync(path, `[${Array.from({ length: 200_000 }, () => item).join(',')}]`);
    const error = await collect(parseFileInWorker(path, { maxMemoryMb: 32 })).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(FileRejectedError);
    expect(error).toMatchObject({ code: 'file_too_complex' });
    // and the next parse works
    await expect(collect(parseFileInWorker(csv5000))).resolves.toHaveLength(5);
  });

  it('aborts on signal and terminates the worker', async () => {
    const controller = new AbortController();
    const seen: string[] = [];
    const error = await (async () => {
      for await (const e of parseFileInWorker(csv5000, { batchSize: 100, signal: controller.signal })) {
        seen.push(e.type);
        if (e.type === 'rows') controller.abort(new Error('client went away'));
      }
    })().catch((e: unknown) => e);
    expect(error).toMatchObject({ message: 'client went away' });
    expect(seen.filter((t) => t === 'rows').length).toBeLessThanOrEqual(3);
  });

  it('lets the consumer stop early', async () => {
    let batches = 0;
    for await (const e of parseFileInWorker(csv5000, { batchSize: 100 })) {
      if (e.type === 'rows' && ++batches === 2) break;
    }
    expect(batches).toBe(2);
  });

  it('times out a worker that does not answer in time → parse_timeout', async () => {
    await expect(collect(parseFileInWorker(csv5000, { timeoutMs: 1 }))).rejects.toMatchObject({ code: 'parse_timeout' });
  });
});

describe('parseFileInWorker with inspect: true', () => {
  /** One pass: the rows, and the inspection from the end event. */
  async function singlePass(path: string, options: WorkerParseOptions = {}): Promise<{ events: ParseEvent[]; rows: ParsedRow[]; inspection: FileInspection }> {
    const events: ParseEvent[] = [];
    let inspection: FileInspection | undefined;
    for await (const e of parseFileInWorker(path, { ...options, inspect: true })) {
      events.push(e);
      if (e.type === 'end') inspection = e.inspection; // typed non-optional by the overload
    }
    if (!inspection) throw new Error('no inspection on the end event');
    return { events, rows: events.flatMap((e) => (e.type === 'rows' ? e.rows : [])), inspection };
  }

  const fixtures: [string, () => Promise<{ path: string; options?: WorkerParseOptions }>][] = [
    ['a UTF-8 CSV', async () => ({ path: csv5000 })],
    ['a Windows-1252 semicolon CSV', async () => ({ path: fx.write('w1252.csv', iconv.encode(toCsv([HEADER, ...commentRows(300)], ';'), 'windows-1252')) })],
    ['a CSV with the text column chosen by the caller', async () => ({ path: csv5000, options: { textColumn: 'CANAL' } })],
    [
      'an XLSX with real dates, second sheet',
      async () => {
        const path = fx.path('single.xlsx');
        const rows = Array.from({ length: 40 }, (_, i) => [i + 1, `opinión número ${i} sobre el local`, new Date(Date.UTC(2023, i % 12, 1 + (i % 28)))]);
        await writeWorkbook(path, [
          { name: 'Resumen', rows: [['total'], [40]] },
          { name: 'Hoja 2', rows: [['id', 'opinión', 'fecha'], ...rows] },
        ]);
        return { path, options: { sheet: 'hoja 2' } };
      },
    ],
    [
      'a JSON chat export',
      async () => {
        const messages = (c: number): object[] => Array.from({ length: 6 }, (_, i) => ({ ts: `2024-02-${String(c * 6 + i + 1).padStart(2, '0')}T10:00:00Z`, text: `mensaje ${i} de la conversación ${c}, todo bien` }));
        return { path: fx.write('chat.json', JSON.stringify({ conversations: [0, 1, 2].map((c) => ({ id: `c${c}`, messages: messages(c) })) })) };
      },
    ],
    ['an NDJSON file', async () => ({ path: fx.write('rows.ndjson', commentRows(50).map(([id, texto, fecha]) => JSON.stringify({ id, texto, fecha })).join('\n')) })],
    ['a TXT', async () => ({ path: fx.write('notas.txt', commentRows(120).map((r) => r[1]).join('\r\n\r\n')) })],
  ];

  it.each(fixtures)('%s: the end event carries what inspectFileInWorker returns, and the rows are unchanged', async (_name, make) => {
    const { path, options } = await make();
    // A small batch size makes the sample and the profile span several batches.
    const sut = await singlePass(path, { ...options, batchSize: 7 });
    expect(sut.inspection).toEqual(await inspectFileInWorker(path, options));
    expect(sut.inspection.rows).toBe(sut.rows.length);
    expect(sut.inspection.sample).toEqual(sut.rows.slice(0, 5));
    expect(sut.events.at(-1)).toEqual({ type: 'end', rows: sut.rows.length, inspection: sut.inspection });
    expect(sut.rows).toEqual((await collect(parseFileInWorker(path, { ...options, batchSize: 7 }))).flatMap((e) => (e.type === 'rows' ? e.rows : [])));
  });

  it('leaves the inspection off the end event without the option', async () => {
    const events = await collect(parseFileInWorker(csv5000, { batchSize: 2500 }));
    expect(events.at(-1)).toStrictEqual({ type: 'end', rows: 5000 });
  });

  it('fails with no_text_column after streaming every row when no column holds text', async () => {
    const path = fx.write('nums-many.csv', toCsv([['id', 'nps'], ...Array.from({ length: 250 }, (_, i) => [String(i), String(i % 10)])]));
    let rows = 0;
    const error = await (async () => {
      for await (const e of parseFileInWorker(path, { inspect: true, batchSize: 100 })) if (e.type === 'rows') rows += e.rows.length;
    })().catch((e: unknown) => e);
    expect(rows).toBe(250);
    expect(error).toBeInstanceOf(FileRejectedError);
    expect(error).toMatchObject({ code: 'no_text_column' });
  });

  it('keeps at most two batches in flight while profiling', async () => {
    const session = startWorker('parse', csv5000, { batchSize: 100, inspect: true });
    try {
      expect((await session.next()).type).toBe('header');
      await new Promise((r) => setTimeout(r, 500));
      expect(session.queued).toBe(2);
    } finally {
      await session.close();
    }
  });
});

describe('inspectFileInWorker', () => {
  it('returns what inspectFile returns', async () => {
    await expect(inspectFileInWorker(csv5000)).resolves.toEqual(await inspectFile(csv5000));
  });

  it('rejects with FileRejectedError', async () => {
    const path = fx.write('nums.csv', 'a,b\n1,2\n3,4\n');
    await expect(inspectFileInWorker(path)).rejects.toMatchObject({ code: 'no_text_column' });
  });
});
