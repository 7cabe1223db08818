import { setTimeout as sleep } from 'node:timers/promises';
import { buildRawXlsx, buildZip } from '../../src/files/parsing/testing/fixtures';
import { EICAR_TEST_STRING, startTestClamd } from '../../src/files/scanning/testing/test-clamd';
import { call, Reply, Tally } from '../net';
import { check, Scenario } from '../scenario';
import { Stack, trackPeakRss } from '../stack';

const PROBLEM = 'https://sentir.dev/problems/';
const MAX_BYTES = 8 * 1024 * 1024;
/** The API's peak RSS must stay under this while it refuses the corpus (bench:batch measures ~200 MB at 49 MB uploads). */
const RSS_LIMIT_MB = 350;

interface HostileCase {
  name: string;
  file: () => { name: string; content: Buffer | string };
  /** Raw multipart bytes instead of FormData, for headers FormData would escape. */
  raw?: (boundary: string) => Buffer;
  status: number;
  type?: string;
  reason?: string;
  /** Accepted files: the check on what came back (e.g. a sanitised filename). */
  accept?: (r: Reply) => string | undefined;
}

function corpus(withClamd: boolean): HostileCase[] {
  const zipBomb = () => buildRawXlsx(Buffer.from(`<worksheet><sheetData>${'<row/>'.repeat(3_000_000)}</sheetData></worksheet>`));
  const entityBomb = () =>
    buildRawXlsx(
      '<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">]><worksheet><sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>&lol2;</t></is></c></row></sheetData></worksheet>',
    );
  const cases: HostileCase[] = [
    { name: 'oversize (limit + 1 MB)', file: () => ({ name: 'big.csv', content: Buffer.alloc(MAX_BYTES + 1024 * 1024, 'a') }), status: 413, type: 'file-too-large' },
    { name: 'zip bomb in .xlsx', file: () => ({ name: 'bomb.xlsx', content: zipBomb() }), status: 422, type: 'file-rejected', reason: 'zip_bomb' },
    { name: 'XML entity bomb in .xlsx', file: () => ({ name: 'lol.xlsx', content: entityBomb() }), status: 422, type: 'file-rejected', reason: 'xml_entities' },
    { name: 'ELF binary named .csv', file: () => ({ name: 'x.csv', content: Buffer.concat([Buffer.from([0x7f, 0x45, 0x4c, 0x46, 2, 1, 1]), Buffer.alloc(4096)]) }), status: 415, type: 'unsupported-file-type' },
    { name: 'PDF named .txt', file: () => ({ name: 'x.txt', content: '%PDF-1.7\n1 0 obj\n<<>>\nendobj\n' }), status: 415, type: 'unsupported-file-type' },
    { name: 'ZIP (not a workbook) named .xlsx', file: () => ({ name: 'z.xlsx', content: buildZip([{ name: 'readme.txt', data: 'hola' }]) }), status: 415, type: 'unsupported-file-type' },
    { name: 'JSON nested 100,000 deep', file: () => ({ name: 'deep.json', content: '['.repeat(100_000) + ']'.repeat(100_000) }), status: 422, type: 'file-rejected', reason: 'json_too_deep' },
    { name: 'JSON with __proto__ key', file: () => ({ name: 'p.json', content: '[{"text":"hola","__proto__":{"admin":true}}]' }), status: 422, type: 'file-rejected', reason: 'json_forbidden_key' },
    { name: 'JSON with constructor.prototype', file: () => ({ name: 'c.json', content: '[{"text":"hola","constructor":{"prototype":{"admin":true}}}]' }), status: 422, type: 'file-rejected', reason: 'json_forbidden_key' },
    { name: 'single line of 5 MB', file: () => ({ name: 'line.txt', content: 'a'.repeat(5_000_000) }), status: 422, type: 'file-rejected', reason: 'line_too_long' },
    {
      name: 'UTF-16 with an odd byte count',
      file: () => ({ name: 'odd.csv', content: Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('comentario\nhola\n', 'utf16le'), Buffer.from([0x41])]) }),
      status: 422,
      type: 'file-rejected',
      reason: 'invalid_encoding',
    },
    { name: 'empty file', file: () => ({ name: 'empty.csv', content: '' }), status: 422, type: 'file-rejected', reason: 'file_empty' },
    {
      name: 'traversal + control + bidi filename (RFC 5987)',
      file: () => ({ name: 'n/a', content: '' }),
      raw: (boundary) =>
        Buffer.from(
          `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename*=UTF-8''${encodeURIComponent('../../etc/\u202Eevil\u0000\u0007name.csv')}\r\nContent-Type: text/csv\r\n\r\n` +
            `comentario\nNombre raro ${Math.random()}\n\r\n--${boundary}--\r\n`,
        ),
      status: 201,
      accept: (r) => (['/', '\\', '..', '\u202E', '\u0000', '\u0007'].some((bad) => String(r.body?.filename).includes(bad)) ? `filename kept ${JSON.stringify(r.body?.filename)}` : undefined),
    },
    {
      name: 'raw control character in the part header',
      file: () => ({ name: 'n/a', content: '' }),
      raw: (boundary) => Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="bad\u0007name.csv"\r\nContent-Type: text/csv\r\n\r\ncomentario\nhola\n\r\n--${boundary}--\r\n`),
      status: 400,
      type: 'malformed-upload',
    },
    {
      name: 'formula cells (accepted; neutralised on export)',
      file: () => ({ name: 'f.csv', content: `comentario\n"=HYPERLINK(""http://evil.example"",""clic"") ${Math.random()}"\n+cmd|' /C calc'!A0\n@SUM(1+1)\n` }),
      status: 201,
    },
  ];
  if (withClamd) cases.push({ name: 'EICAR test file', file: () => ({ name: 'eicar.csv', content: `comentario\n${EICAR_TEST_STRING}\n` }), status: 422, type: 'file-infected' });
  return cases;
}

/**
 * 7. A generated hostile corpus is uploaded concurrently, several rounds, while normal clients
 * keep submitting texts and small files: each hostile upload gets its precise problem, normal
 * traffic keeps succeeding, nothing hostile is stored, and the API's peak RSS stays bounded.
 */
export const hostileInput: Scenario = {
  id: '7',
  title: 'hostile uploads alongside normal traffic',
  async run(ctx, result) {
    const ROUNDS = ctx.mode === 'long' ? 10 : 2;
    const clamd = await startTestClamd().catch(() => null);
    const stack = new Stack('hostile', ctx.pg, ctx.redis, {
      FILE_MAX_BYTES: String(MAX_BYTES),
      RATE_LIMIT_PER_MINUTE: '100000',
      RATE_LIMIT_IP_PER_MINUTE: '100000',
      ...(clamd ? { CLAMAV_URL: clamd.url } : {}),
    });
    try {
      await stack.prepare();
      const api = await stack.startApi();
      await stack.startWorker();
      const { key } = await stack.createKey('hostile');
      const { key: normalKey } = await stack.createKey('normal');
      const rss = trackPeakRss(api.pid);
      const cases = corpus(!!clamd);

      let stop = false;
      const normal = new Tally();
      const background = (async () => {
        for (let i = 0; !stop; i++) {
          normal.add(await call(api.url, 'POST', '/api/v1/tasks/single', { key: normalKey, json: { text: `Excelente atención ${i}` }, headers: { prefer: 'wait=5' }, timeoutMs: 30_000 }));
          const form = new FormData();
          form.append('file', new Blob([`comentario\nSe corta la señal ${i}\nMuy buena atención ${i}\n`]), `ok-${i}.csv`);
          normal.add(await call(api.url, 'POST', '/api/v1/files', { key: normalKey, body: form, timeoutMs: 30_000 }));
        }
      })();

      const wrong: string[] = [];
      const hostile = new Tally();
      const t0 = Date.now();
      for (let round = 0; round < ROUNDS; round++) {
        await Promise.all(
          cases.map(async (c) => {
            const boundary = `sentir-rel-${round}-${Math.random().toString(36).slice(2)}`;
            let r: Reply;
            if (c.raw) {
              r = await call(api.url, 'POST', '/api/v1/files', { key, body: c.raw(boundary), headers: { 'content-type': `multipart/form-data; boundary=${boundary}` }, timeoutMs: 120_000 });
            } else {
              const f = c.file();
              const form = new FormData();
              const bytes = typeof f.content === 'string' ? Buffer.from(f.content) : f.content;
              form.append('file', new Blob([new Uint8Array(bytes)]), f.name);
              r = await call(api.url, 'POST', '/api/v1/files', { key, body: form, timeoutMs: 120_000 });
            }
            hostile.add(r);
            const got = `${r.status} ${r.body?.type?.replace(PROBLEM, '') ?? ''}${r.body?.reason ? `/${r.body.reason}` : ''}`;
            const want = `${c.status} ${c.type ?? ''}${c.reason ? `/${c.reason}` : ''}`;
            if (r.status !== c.status || (c.type && r.body?.type !== PROBLEM + c.type) || (c.reason && r.body?.reason !== c.reason)) wrong.push(`${c.name}: got ${r.status === 0 ? `no answer (${r.error})` : got}, want ${want}`);
            if (c.status >= 400 && !/^application\/problem\+json/.test(r.headers.get('content-type') ?? '')) wrong.push(`${c.name}: not a problem document`);
            const extra = c.accept?.(r);
            if (extra) wrong.push(`${c.name}: ${extra}`);
          }),
        );
      }
      const hostileSeconds = (Date.now() - t0) / 1000;
      await sleep(1000);
      stop = true;
      await background;
      const peakMb = rss.stop() / 1024;
      // Only the accepted cases (sanitised filename, formula cells) may be stored for the hostile user.
      const stored = (await stack.db.query<{ n: number }>('SELECT count(*)::int AS n FROM files f JOIN users u ON u.id = f.user_id WHERE u.name = $1', ['hostile'])).rows[0].n;
      const acceptedCases = cases.filter((c) => c.status < 300).length;

      Object.assign(result, {
        load: `${cases.length} hostile uploads × ${ROUNDS} rounds, each round concurrent, plus a normal client (single text + small upload in a loop)`,
        faults: cases.map((c) => c.name).join(', ') + (clamd ? '' : ' (EICAR skipped: clamd not installed)'),
        tasksSubmitted: normal.count((k) => k === '200' || k === '201' || k === '202'),
        rowsSubmitted: 0,
        clientErrors: `hostile: ${hostile}; normal traffic: ${normal}`,
      });
      result.figures = { 'API peak RSS': `${peakMb.toFixed(0)} MB (limit ${RSS_LIMIT_MB} MB)`, 'hostile rounds took': `${hostileSeconds.toFixed(1)} s` };
      check(result, wrong.length === 0, [...new Set(wrong)].join('; '));
      check(result, normal.count((k) => !['200', '201', '202'].includes(k)) === 0, `normal traffic failed: ${normal}`);
      check(result, peakMb <= RSS_LIMIT_MB, `API peak RSS ${peakMb.toFixed(0)} MB > ${RSS_LIMIT_MB} MB`);
      check(result, stored <= acceptedCases * ROUNDS, `${stored} files stored for the hostile user, at most ${acceptedCases * ROUNDS} expected`);
    } finally {
      await stack.teardown();
      await clamd?.stop();
    }
  },
};
