import { readdirSync } from 'node:fs';
import iconv from 'iconv-lite';
import { inspectFile, openFile } from './file.parser';
import { commentRows, FixtureDir, toCsv, writeWorkbook } from './testing/fixtures';

const fx = new FixtureDir();
afterAll(() => fx.cleanup());

const HEADER = ['ticket', 'comentario', 'fecha', 'canal'];

describe('inspectFile', () => {
  it('describes a Windows-1252 semicolon CSV', async () => {
    const path = fx.write('encuesta.csv', iconv.encode(toCsv([HEADER, ...commentRows(300)], ';'), 'windows-1252'));
    const sut = await inspectFile(path);
    expect(sut).toMatchObject({
      format: 'csv',
      encoding: 'windows-1252',
      delimiter: ';',
      rows: 300,
      guessed: { textColumn: 'comentario', idColumn: 'ticket', dateColumn: 'fecha', dateOrder: 'dmy' },
      dateRange: { from: expect.stringMatching(/^2024-0[12]-/), to: expect.stringMatching(/^2024-12-/) },
    });
    expect(sut.columns.map((c) => [c.name, c.index, c.kind])).toEqual([
      ['ticket', 0, 'id'],
      ['comentario', 1, 'text'],
      ['fecha', 2, 'date'],
      ['canal', 3, 'category'],
    ]);
    expect(sut.sample).toHaveLength(5);
    expect(sut.sample[0]).toEqual({ rowNumber: 1, sourceRow: 2, values: commentRows(1)[0] });
    expect(sut).not.toHaveProperty('columnNames');
  });

  it('describes an XLSX with real dates', async () => {
    const path = fx.path('encuesta.xlsx');
    await writeWorkbook(path, [{ name: 'Hoja 1', rows: [['id', 'opinión', 'fecha'], ...Array.from({ length: 30 }, (_, i) => [i + 1, `opinión número ${i} sobre el local`, new Date(Date.UTC(2023, i % 12, 1 + i))])] }]);
    await expect(inspectFile(path)).resolves.toMatchObject({
      format: 'xlsx',
      sheet: 'Hoja 1',
      rows: 30,
      guessed: { textColumn: 'opinión', idColumn: 'id', dateColumn: 'fecha' },
      dateRange: { from: '2023-01-01', to: '2023-12-24' },
    });
  });

  it('describes a chat export and a TXT', async () => {
    const chat = fx.write('chat.json', JSON.stringify({ conversations: [{ id: 'c1', messages: [{ ts: '2024-02-01T10:00:00Z', text: 'hola, tengo un problema con mi pedido' }, { ts: '2024-02-03T10:00:00Z', text: 'ya lo resolvimos, gracias por esperar' }] }] }));
    await expect(inspectFile(chat)).resolves.toMatchObject({ format: 'json', jsonPath: '$.conversations[].messages', rows: 2, guessed: { textColumn: 'text', dateColumn: 'ts' }, dateRange: { from: '2024-02-01', to: '2024-02-03' } });
    const txt = fx.write('notas.txt', 'muy bueno\nmalo\n');
    await expect(inspectFile(txt)).resolves.toMatchObject({ format: 'txt', rows: 2, guessed: { textColumn: 'text', idColumn: null, dateColumn: null } });
  });

  it('a file without any usable text column → no_text_column', async () => {
    const path = fx.write('numeros.csv', toCsv([['id', 'nps', 'fecha'], ...Array.from({ length: 20 }, (_, i) => [String(i), String(i % 10), '2024-01-01'])]));
    await expect(inspectFile(path)).rejects.toMatchObject({ code: 'no_text_column' });
  });

  it('uses the uploaded file name, not the temp path, to pick the format', async () => {
    const path = fx.write('upload-3f2a.tmp', '[{"texto":"hola que tal"},\n{"texto":"chau"}]');
    await expect(inspectFile(path, { filename: 'respuestas.json' })).resolves.toMatchObject({ format: 'json' });
    await expect(inspectFile(path, { filename: 'respuestas.csv' })).resolves.toMatchObject({ format: 'csv' });
  });
});

describe('openFile', () => {
  it('refuses a textColumn the file does not have, before reading rows', async () => {
    const path = fx.write('a.csv', 'id,texto\n1,hola\n');
    await expect(openFile(path, { textColumn: 'comentario' })).rejects.toMatchObject({ code: 'no_text_column' });
    await expect(openFile(path, { textColumn: 'TEXTO' })).resolves.toBeDefined();
  });

  it('rejects invalid limits loudly', async () => {
    await expect(openFile(fx.write('b.csv', 'a\n1\n'), { limits: { maxRows: -1 } })).rejects.toThrow(RangeError);
  });

  it('releases the file on close() without iterating, and after an early break', async () => {
    const csv = fx.write('fd.csv', toCsv([HEADER, ...commentRows(5000)]));
    const txt = fx.write('fd.txt', 'uno\ndos\n'.repeat(5000));
    const xlsx = fx.path('fd.xlsx');
    await writeWorkbook(xlsx, [{ name: 'S', rows: [['texto'], ...Array.from({ length: 3000 }, (_, i) => [`fila ${i}`])] }]);
    const openFds = (): number => readdirSync('/proc/self/fd').length;
    await new Promise((r) => setTimeout(r, 50));
    const before = openFds();
    for (const path of [csv, txt, xlsx]) {
      const reader = await openFile(path);
      await reader.close();
      const again = await openFile(path);
      for await (const _row of again.rows) break;
    }
    await new Promise((r) => setTimeout(r, 50));
    expect(openFds()).toBeLessThanOrEqual(before);
  });

  it('stops reading when the consumer stops early', async () => {
    const path = fx.write('many.csv', toCsv([HEADER, ...commentRows(5000)]));
    const reader = await openFile(path);
    let n = 0;
    for await (const _row of reader.rows) if (++n === 10) break;
    expect(n).toBe(10);
  });
});
