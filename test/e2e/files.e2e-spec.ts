import { deflateRawSync } from 'node:zlib';
import { buildRawXlsx, buildZip } from '../../src/files/parsing/testing/fixtures';
import { EICAR_TEST_STRING, startTestClamd } from '../../src/files/scanning/testing/test-clamd';
import { KeyFactory } from '../factories/api-keys.factory';
import { xlsxBuffer } from '../factories/files.factory';
import { ApiClient } from '../support/http';
import { ApiProcess, startApi, stopAll } from '../support/processes';

const PROBLEM = 'https://sentir.dev/problems/';
const MAX_BYTES = 3 * 1024 * 1024;

/** Uploads through a real API process: every format, every encoding, every hostile case. */
describe('files (API process, PostgreSQL)', () => {
  const keys = new KeyFactory();
  let api: ApiProcess;
  let alice: ApiClient;
  let bob: ApiClient;

  beforeAll(async () => {
    api = await startApi({ QUEUE_SUFFIX: 'files', FILE_MAX_BYTES: String(MAX_BYTES) });
    const [a, b] = await Promise.all([keys.create('alice'), keys.create('bob')]);
    alice = new ApiClient(api.url, a.key);
    bob = new ApiClient(api.url, b.key);
  });

  afterAll(async () => {
    await stopAll(api);
    await keys.close();
  });

  const csv = 'id;fecha;comentario\n1;01/03/2026;La atención fue pésima, ñandutí\n2;02/03/2026;"Muy bueno,\nvolveré"\n';

  describe('formats and encodings', () => {
    it('CSV in UTF-8: 201, Location, columns guessed, sample and date range', async () => {
      const res = await alice.upload('/api/v1/files', { name: 'comentarios.csv', content: csv });
      expect(res.status).toBe(201);
      expect(res.headers.get('location')).toBe(`/api/v1/files/${res.body.id}`);
      expect(res.body).toMatchObject({ format: 'csv', encoding: 'utf-8', delimiter: ';', rows: 2, filename: 'comentarios.csv' });
      expect(res.body.guessed).toMatchObject({ textColumn: 'comentario', dateColumn: 'fecha' });
      expect(res.body.sample[1].values[2]).toBe('Muy bueno,\nvolveré');
      expect(res.body.dateRange).toEqual({ from: '2026-03-01', to: '2026-03-02' });
      expect(res.body.sha256).toMatch(/^[0-9a-f]{64}$/);
    });

    it.each([
      [',', 'comma'],
      ['\t', 'tab'],
      ['|', 'pipe'],
    ])('detects the %j delimiter (%s)', async (d) => {
      const body = `id${d}comentario${d}canal\n1${d}El servicio es excelente${d}web\n2${d}No anda el wifi desde ayer${d}tienda\n`;
      const res = await alice.upload('/api/v1/files', { name: 'd.csv', content: body });
      expect(res.status).toBe(201);
      expect(res.body.delimiter).toBe(d);
      expect(res.body.sample[0].values).toEqual(['1', 'El servicio es excelente', 'web']);
    });

    it.each([
      ['UTF-8 with BOM', Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(csv, 'utf8')]), 'utf-8'],
      ['UTF-16LE with BOM', Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(csv, 'utf16le')]), 'utf-16le'],
      ['UTF-16BE with BOM', Buffer.concat([Buffer.from([0xfe, 0xff]), Buffer.from(csv, 'utf16le').swap16()]), 'utf-16be'],
      ['Windows-1252', Buffer.from(csv.replace('ñandutí', 'ñandutí atención'), 'latin1'), 'windows-1252'],
    ])('decodes %s so Spanish text comes out right', async (_name, bytes, encoding) => {
      const res = await alice.upload('/api/v1/files', { name: 'enc.csv', content: bytes });
      expect(res.status).toBe(201);
      expect(res.body.encoding).toBe(encoding);
      expect(res.body.sample[0].values[2]).toMatch(/^La atención fue pésima, ñandutí/);
      expect(res.body.columns.map((c: { name: string }) => c.name)).toEqual(['id', 'fecha', 'comentario']);
    });

    it('XLSX: the first sheet by default, another by name, 422 for a missing sheet', async () => {
      const bytes = await xlsxBuffer([
        { name: 'Resumen', rows: [['total'], [3]] },
        { name: 'Comentarios', rows: [['id', 'comentario'], [1, 'Excelente atención'], [2, 'Se corta la señal']] },
      ]);
      const first = await alice.upload('/api/v1/files', { name: 'libro.xlsx', content: bytes });
      expect(first.status).toBe(422);
      expect(first.body).toMatchObject({ type: `${PROBLEM}file-rejected`, reason: 'no_text_column' });

      const named = await alice.upload('/api/v1/files', { name: 'libro.xlsx', content: bytes }, { sheet: 'Comentarios' });
      expect(named.status).toBe(201);
      expect(named.body).toMatchObject({ format: 'xlsx', sheet: 'Comentarios', rows: 2, sheets: ['Resumen', 'Comentarios'] });
      expect(named.body.guessed.textColumn).toBe('comentario');

      const missing = await alice.upload('/api/v1/files', { name: 'libro.xlsx', content: bytes }, { sheet: 'Nope' });
      expect(missing.status).toBe(422);
      expect(missing.body.reason).toBe('sheet_not_found');
    });

    it('JSON: an array, an object holding one, a chat export flattened per message, and NDJSON', async () => {
      const arr = await alice.upload('/api/v1/files', { name: 'a.json', content: JSON.stringify([{ id: 1, text: 'Muy lento el internet' }, { id: 2, text: 'Todo perfecto' }]) });
      expect(arr.status).toBe(201);
      expect(arr.body).toMatchObject({ format: 'json', rows: 2 });

      const wrapped = await alice.upload('/api/v1/files', { name: 'w.json', content: JSON.stringify({ meta: { n: 2 }, comments: [{ comentario: 'Pésimo servicio' }, { comentario: 'Excelente' }] }) });
      expect(wrapped.status).toBe(201);
      expect(wrapped.body).toMatchObject({ rows: 2, jsonPath: '$.comments' });

      const chat = {
        conversations: [
          { id: 'c1', messages: [{ from: 'cliente', text: 'No tengo señal hace dos días' }, { from: 'agente', text: 'Lo revisamos enseguida' }] },
          { id: 'c2', messages: [{ from: 'cliente', text: 'Gracias, ya funciona' }] },
        ],
      };
      const flat = await alice.upload('/api/v1/files', { name: 'chat.json', content: JSON.stringify(chat) });
      expect(flat.status).toBe(201);
      expect(flat.body.rows).toBe(3);
      expect(flat.body.guessed.textColumn).toBe('text');

      const nd = await alice.upload('/api/v1/files', { name: 'c.ndjson', content: '{"texto":"Hola, anda lento"}\n{"texto":"Excelente"}\n' });
      expect(nd.status).toBe(201);
      expect(nd.body).toMatchObject({ format: 'json', rows: 2 });
    });

    it('TXT: one comment per non-empty line', async () => {
      const res = await alice.upload('/api/v1/files', { name: 'c.txt', content: 'Muy lento\n\nExcelente atención\r\nNo anda\n' });
      expect(res.status).toBe(201);
      expect(res.body).toMatchObject({ format: 'txt', rows: 3 });
    });
  });

  describe('ownership and dedupe', () => {
    it('the same bytes from the same user return the same file (200); another user gets their own', async () => {
      const body = 'comentario\nDedupe me, por favor\n';
      const first = await alice.upload('/api/v1/files', { name: 'x.csv', content: body });
      const again = await alice.upload('/api/v1/files', { name: 'renamed.csv', content: body });
      expect(first.status).toBe(201);
      expect(again.status).toBe(200);
      expect(again.body.id).toBe(first.body.id);
      const bobs = await bob.upload('/api/v1/files', { name: 'x.csv', content: body });
      expect(bobs.status).toBe(201);
      expect(bobs.body.id).not.toBe(first.body.id);
    });

    it('lists newest first with a cursor, 404s across users, deletes', async () => {
      await bob.upload('/api/v1/files', { name: 'older.csv', content: 'comentario\nEl primero de Bob\n' });
      const created = await bob.upload('/api/v1/files', { name: 'mine.csv', content: 'comentario\nSolo de Bob\n' });
      const page = await bob.get('/api/v1/files?limit=1');
      expect(page.status).toBe(200);
      expect(page.body.data[0].id).toBe(created.body.id);
      expect(page.body.nextCursor).toEqual(expect.any(String));
      const next = await bob.get(page.body.links.next);
      expect(next.body.data[0].id).not.toBe(created.body.id);

      expect((await alice.get(`/api/v1/files/${created.body.id}`)).status).toBe(404);
      expect((await alice.delete(`/api/v1/files/${created.body.id}`)).status).toBe(404);
      expect((await bob.delete(`/api/v1/files/${created.body.id}`)).status).toBe(204);
      expect((await bob.get(`/api/v1/files/${created.body.id}`)).status).toBe(404);
    });
  });

  describe('hostile and broken uploads get precise problems and store nothing', () => {
    let before: number;
    beforeAll(async () => {
      before = await countFiles(alice);
    });
    afterAll(async () => {
      expect(await countFiles(alice)).toBe(before);
    });

    const zipBomb = () => buildRawXlsx(Buffer.from(`<worksheet><sheetData>${'<row/>'.repeat(3_000_000)}</sheetData></worksheet>`));
    const entityBomb = () =>
      buildRawXlsx(
        '<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">]><worksheet><sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>&lol2;</t></is></c></row></sheetData></worksheet>',
      );
    // Every row has 5 entries: with fewer, jest would take the last parameter for a `done` callback.
    const cases: [string, number, string, string | undefined, () => { name: string; content: Buffer | string }][] = [
      ['over the size limit', 413, 'file-too-large', 'file_too_large', () => ({ name: 'big.csv', content: Buffer.alloc(MAX_BYTES + 1024, 'a') })],
      // Refused on Content-Length alone; the body is drained (bounded) so the client can read the 413.
      ['far over the size limit', 413, 'file-too-large', 'file_too_large', () => ({ name: 'bigger.csv', content: Buffer.alloc(MAX_BYTES + 2 * 1024 * 1024, 'a') })],
      ['an ELF binary named .csv', 415, 'unsupported-file-type', 'unsupported_media_type', () => ({ name: 'x.csv', content: Buffer.concat([Buffer.from([0x7f, 0x45, 0x4c, 0x46, 2, 1, 1]), Buffer.alloc(200)]) })],
      ['a PDF named .csv', 415, 'unsupported-file-type', 'unsupported_media_type', () => ({ name: 'x.csv', content: '%PDF-1.7\n1 0 obj\n<<>>\nendobj\n' })],
      ['a zip bomb inside an .xlsx', 422, 'file-rejected', 'zip_bomb', () => ({ name: 'bomb.xlsx', content: zipBomb() })],
      ['an XML entity bomb inside an .xlsx', 422, 'file-rejected', 'xml_entities', () => ({ name: 'lol.xlsx', content: entityBomb() })],
      ['JSON nested beyond the limit', 422, 'file-rejected', 'json_too_deep', () => ({ name: 'deep.json', content: '['.repeat(5000) + ']'.repeat(5000) })],
      ['JSON with a __proto__ key', 422, 'file-rejected', 'json_forbidden_key', () => ({ name: 'p.json', content: '[{"text":"hola","__proto__":{"admin":true}}]' })],
      ['a single line of 1.2 MB', 422, 'file-rejected', 'line_too_long', () => ({ name: 'line.txt', content: 'a'.repeat(1_200_000) })],
      ['UTF-16 with an odd number of bytes', 422, 'file-rejected', 'invalid_encoding', () => ({ name: 'odd.csv', content: Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('comentario\nhola\n', 'utf16le'), Buffer.from([0x41])]) })],
      ['an empty file', 422, 'file-rejected', 'file_empty', () => ({ name: 'empty.csv', content: '' })],
      ['a file with no text column', 422, 'file-rejected', 'no_text_column', () => ({ name: 'nums.csv', content: 'a,b\n1,2\n3,4\n5,6\n' })],
      ['a ZIP that is not a workbook, named .xlsx', 415, 'unsupported-file-type', 'unsupported_media_type', () => ({ name: 'z.xlsx', content: buildZip([{ name: 'readme.txt', data: 'hola' }]) })],
    ];
    it.each(cases)('%s → %d %s', async (_name, status, type, reason, make) => {
      const res = await alice.upload('/api/v1/files', make());
      expect(res.status).toBe(status);
      expect(res.headers.get('content-type')).toMatch(/^application\/problem\+json/);
      expect(res.body.type).toBe(PROBLEM + type);
      expect(res.body.detail).toEqual(expect.any(String));
      expect(res.body.requestId).toEqual(expect.any(String));
      if (reason) expect(res.body.reason).toBe(reason);
    });

    it('a body that is not multipart → 415; a multipart body without a file part → 400', async () => {
      const json = await alice.post('/api/v1/files', { text: 'hola' });
      expect(json.status).toBe(415);
      const form = new FormData();
      form.append('sheet', 'x');
      const noFile = await alice.request('POST', '/api/v1/files', form);
      expect(noFile.status).toBe(400);
      expect(noFile.body.type).toBe(`${PROBLEM}malformed-upload`);
    });

    it('keeps serving other requests while it refuses a zip bomb', async () => {
      const [bomb, health] = await Promise.all([alice.upload('/api/v1/files', { name: 'bomb.xlsx', content: zipBomb() }), alice.get('/api/v1/limits')]);
      expect(bomb.status).toBe(422);
      expect(health.status).toBe(200);
    });
  });

  it('sanitises hostile filenames (RFC 5987 encoded): no directories, NUL, control or bidi characters', async () => {
    const hostile = '../../etc/\u202Eevil\u0000\u0007name.csv';
    const boundary = 'sentir-e2e-boundary';
    const body = Buffer.from(
      `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename*=UTF-8''${encodeURIComponent(hostile)}\r\nContent-Type: text/csv\r\n\r\n` +
        `comentario\nNombre raro\n\r\n--${boundary}--\r\n`,
    );
    const res = await alice.request('POST', '/api/v1/files', body, { 'Content-Type': `multipart/form-data; boundary=${boundary}` });
    expect(res.status).toBe(201);
    for (const bad of ['/', '\\', '..', '\u202E', '\u0000', '\u0007']) expect(res.body.filename).not.toContain(bad);
    expect(res.body.filename).toMatch(/evil.*name\.csv$/);
  });

  it('a raw control character in the part header is a malformed upload (400), not a 500', async () => {
    const res = await alice.upload('/api/v1/files', { name: 'bad\u0007name.csv', content: 'comentario\nhola\n' });
    expect(res.status).toBe(400);
    expect(res.body.type).toBe(`${PROBLEM}malformed-upload`);
  });

  it('publishes its limits', async () => {
    const res = await alice.get('/api/v1/limits');
    expect(res.status).toBe(200);
    expect(res.body.files.maxBytes).toBe(MAX_BYTES);
    expect(res.body.text.singleMaxLength).toBeGreaterThan(0);
    // Defaults of SESSION_MAX_BYTES, SESSION_MAX_PER_USER, SESSION_TTL_SECONDS and the taxonomy limits.
    expect(res.body.sessions).toEqual({ maxStateBytes: 65536, maxPerUser: 5, ttlSeconds: 3600 });
    expect(res.body.taxonomies).toMatchObject({ maxPerUser: 50, bodyLimit: '1mb', maxThemes: 100, maxKeywordsPerTheme: 1000 });
  });

  it('the zip bomb fixture really is one (18 MB of XML in under 100 KB)', () => {
    // Guards the fixture: if deflate did not shrink it, the zip-bomb case above would prove nothing.
    expect(deflateRawSync(Buffer.from('<row/>'.repeat(3_000_000))).length).toBeLessThan(100_000);
  });
});

async function countFiles(client: ApiClient): Promise<number> {
  let n = 0;
  let path: string | null = '/api/v1/files?limit=100';
  while (path) {
    const page: { body: { data: unknown[]; links: { next: string | null } } } = await client.get(path);
    n += page.body.data.length;
    path = page.body.links.next;
  }
  return n;
}

/** With CLAMAV_URL set, every new upload goes through a real clamd first (skipped where clamd is not installed). */
describe('virus scanning with a real clamd', () => {
  const keys = new KeyFactory();
  let clamd: Awaited<ReturnType<typeof startTestClamd>>;
  let api: ApiProcess | undefined;
  let alice: ApiClient;

  beforeAll(async () => {
    clamd = await startTestClamd();
    if (!clamd) {
      console.warn('clamd is not installed (apt-get install clamav-daemon): skipping the virus-scanning e2e tests');
      return;
    }
    api = await startApi({ QUEUE_SUFFIX: 'clamav', CLAMAV_URL: clamd.url });
    alice = new ApiClient(api.url, (await keys.create('clam')).key);
  });

  afterAll(async () => {
    await stopAll(api);
    await clamd?.stop();
    await keys.close();
  });

  it('refuses an infected upload with 422 file-infected and stores nothing; clean files pass', async () => {
    if (!clamd) return;
    const infected = await alice.upload('/api/v1/files', { name: 'eicar.csv', content: `comentario\n${EICAR_TEST_STRING}\n` });
    expect(infected.status).toBe(422);
    expect(infected.body).toMatchObject({ type: `${PROBLEM}file-infected`, reason: 'infected', signature: expect.stringContaining('Sentir.Test') });
    expect((await alice.get('/api/v1/files')).body.data).toEqual([]);

    const clean = await alice.upload('/api/v1/files', { name: 'ok.csv', content: 'comentario\nTodo bien, gracias\n' });
    expect(clean.status).toBe(201);
  });

  it('answers 503 when clamd is down, never storing an unscanned file', async () => {
    if (!clamd) return;
    await clamd.stop();
    const res = await alice.upload('/api/v1/files', { name: 'later.csv', content: 'comentario\nEscaneame después\n' });
    expect(res.status).toBe(503);
    expect(res.headers.get('retry-after')).toEqual(expect.any(String));
    expect(res.body.type).toBe(`${PROBLEM}service-unavailable`);
  });
});
