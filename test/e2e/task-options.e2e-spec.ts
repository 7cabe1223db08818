import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { KeyFactory } from '../factories/api-keys.factory';
import { ApiClient, eventually } from '../support/http';
import { ApiProcess, ManagedProcess, startApi, startWorker, stopAll } from '../support/processes';

const P = 'https://sentir.dev/problems/';
const SINGLE = '/api/v1/tasks/single';

/** The version this build runs, read from its source so the test does not restate it. */
function localEngineVersion(): string {
  const src = readFileSync(join(__dirname, '../../src/tasks/analysis/engine-versions.ts'), 'utf8');
  return /LOCAL_ENGINE_VERSION = '([^']+)'/.exec(src)![1];
}

/** Per-task choices on single texts and batches: analyses, the taxonomy, and an engine pin. */
describe('task options: analyses, taxonomy and engine pins (API + worker processes)', () => {
  const keys = new KeyFactory();
  const version = localEngineVersion();

  describe('with matching API and worker', () => {
    let api: ApiProcess;
    let worker: ManagedProcess;
    let alice: ApiClient;
    let bob: ApiClient;

    beforeAll(async () => {
      [api, worker] = await Promise.all([startApi({ QUEUE_SUFFIX: 'options' }), startWorker({ QUEUE_SUFFIX: 'options' })]);
      const [a, b] = await Promise.all([keys.create('opt-alice'), keys.create('opt-bob')]);
      alice = new ApiClient(api.url, a.key);
      bob = new ApiClient(api.url, b.key);
    });

    afterAll(async () => {
      await stopAll(api, worker);
    });

    it('runs every analysis by default, and says so in `input`', async () => {
      const res = await alice.post(SINGLE, { text: 'Me cobraron de más y el internet se corta todo el tiempo. Escríbanme a ana@example.com' }, { Prefer: 'wait=10' });
      expect(res.status).toBe(200);
      expect(res.body.input.analyses).toEqual(expect.arrayContaining(['language', 'sentiment', 'themes', 'keyphrases', 'emotion', 'pii', 'quality']));
      expect(res.body.input.taxonomy).toEqual({ id: 'default', version: 1 });
      expect(res.body.input.engine).toBeNull();
      const r = res.body.result;
      expect(Object.keys(r)).toEqual(expect.arrayContaining(['themes', 'keyPhrases', 'emotion', 'pii', 'quality']));
      expect(r.pii.redactedText).toContain('[EMAIL]');
    });

    it('runs only the analyses asked for (language and sentiment always)', async () => {
      const res = await alice.post(SINGLE, { text: 'Llamen al 0981 123456, el técnico nunca vino', analyses: ['pii'] }, { Prefer: 'wait=10' });
      expect(res.status).toBe(200);
      expect(res.body.input.analyses).toEqual(['language', 'pii', 'sentiment']);
      expect(res.body.input.taxonomy).toBeNull();
      const r = res.body.result;
      expect(r.language.code).toBe('es');
      expect(r.sentiment.label).toBe('negative');
      expect(r.pii.entities.map((e: { type: string }) => e.type)).toContain('phone');
      for (const absent of ['themes', 'keyPhrases', 'emotion', 'quality']) expect(r).not.toHaveProperty(absent);
      expect(r.engine.analyzers.map((a: { name: string }) => a.name)).toContain('sentir-pii');
      expect(r.engine.analyzers.map((a: { name: string }) => a.name)).not.toContain('sentir-themes');
    });

    it('matches themes from your own taxonomy, snapshotted at creation', async () => {
      const taxonomy = await alice.post('/api/v1/taxonomies', {
        name: 'Cobros',
        themes: [{ id: 'overcharge', label: 'Overcharged', keywords: { es: ['cobraron de mas'], en: ['overcharged'] } }],
      });
      expect(taxonomy.status).toBe(201);
      const res = await alice.post(SINGLE, { text: 'Me cobraron de más en la factura', analyses: ['themes'], taxonomyId: taxonomy.body.id }, { Prefer: 'wait=10' });
      expect(res.status).toBe(200);
      expect(res.body.input.taxonomy).toEqual({ id: taxonomy.body.id, version: 1 });
      expect(res.body.result.themes.map((t: { themeId: string }) => t.themeId)).toEqual(['overcharge']);

      const notYours = await bob.post(SINGLE, { text: 'Me cobraron de más', taxonomyId: taxonomy.body.id });
      expect(notYours.status).toBe(404);
      // Without themes the taxonomy is not needed, so it is not looked up.
      const noThemes = await bob.post(SINGLE, { text: 'Me cobraron de más', analyses: ['pii'], taxonomyId: taxonomy.body.id });
      expect(noThemes.status).toBe(202);
    });

    it('treats the options as part of the request for Idempotency-Key', async () => {
      const key = `opt-${Date.now()}`;
      const first = await alice.post(SINGLE, { text: 'hola', analyses: ['pii', 'emotion'] }, { 'Idempotency-Key': key });
      const sameSet = await alice.post(SINGLE, { text: 'hola', analyses: ['emotion', 'pii'] }, { 'Idempotency-Key': key });
      expect(sameSet.body.id).toBe(first.body.id);
      const other = await alice.post(SINGLE, { text: 'hola', analyses: ['pii'] }, { 'Idempotency-Key': key });
      expect(other.status).toBe(409);
    });

    it('honours a pin on the running engine and records it', async () => {
      const res = await alice.post(SINGLE, { text: 'Excelente atención, gracias', engine: { name: 'sentir-local', version } }, { Prefer: 'wait=10' });
      expect(res.status).toBe(200);
      expect(res.body.input.engine).toEqual({ name: 'sentir-local', version });
      expect(res.body.result.engine).toMatchObject({ name: 'sentir-local', version });
    });

    it('refuses a pin this deployment cannot honour with 422 engine-unavailable', async () => {
      const old = await alice.post(SINGLE, { text: 'hola', engine: { version: '0.0.1' } });
      expect(old.status).toBe(422);
      expect(old.body.type).toBe(`${P}engine-unavailable`);
      expect(old.body.detail).toContain('0.0.1');
      expect(old.body.available).toEqual([{ name: 'sentir-local', version }]);

      const llm = await alice.post(SINGLE, { text: 'hola', engine: { name: 'sentir-openai' } });
      expect(llm.status).toBe(422);
      expect(llm.body.type).toBe(`${P}engine-unavailable`);

      const file = await alice.upload('/api/v1/files', { name: 'pin.csv', content: 'comentario\nmuy lento\nexcelente\n' });
      const batch = await alice.post('/api/v1/tasks/batch', { fileId: file.body.id, engine: { version: '0.0.1' } });
      expect(batch.status).toBe(422);
      expect(batch.body.type).toBe(`${P}engine-unavailable`);

      const pinned = await alice.post('/api/v1/tasks/batch', { fileId: file.body.id, engine: { name: 'sentir-local', version }, reuse: false });
      expect(pinned.status).toBe(202);
      expect(pinned.body.batch.engine).toEqual({ name: 'sentir-local', version });
      const done = await eventually(() => alice.get(`/api/v1/tasks/${pinned.body.id}`), (r) => r.body.status === 'completed');
      expect(done.body.result.engine).toMatchObject({ name: 'sentir-local', version });

      const form = await alice.upload('/api/v1/tasks/batch', { name: 'pin-form.csv', content: 'comentario\nmuy lento\n' }, { engine: JSON.stringify({ version: '0.0.1' }) });
      expect(form.status).toBe(422);
      expect(form.body.type).toBe(`${P}engine-unavailable`);
    });

    it('validates the options: 400 naming the field', async () => {
      const cases: [unknown, string][] = [
        [{ text: 'hola', analyses: ['sentiment', 'astrology'] }, 'analyses'],
        [{ text: 'hola', analyses: 'pii' }, 'analyses'],
        [{ text: 'hola', engine: { version: 'latest' } }, 'engine.version'],
        [{ text: 'hola', engine: { name: 'gpt' } }, 'engine.name'],
        [{ text: 'hola', engine: 'sentir-local' }, 'engine'],
        [{ text: 'hola', engine: { version: '0.2.0', extra: 1 } }, 'engine.extra'],
        [{ text: 'hola', taxonomyId: 'mine' }, 'taxonomyId'],
        [{ text: 'hola', taxonomyVersion: 0 }, 'taxonomyVersion'],
      ];
      for (const [body, field] of cases) {
        const res = await alice.post(SINGLE, body);
        expect({ body, status: res.status, type: res.body.type }).toEqual({ body, status: 400, type: `${P}validation-failed` });
        expect(res.body.errors.map((e: { field: string }) => e.field)).toContain(field);
      }
    });
  });

  describe('a worker that runs another engine than the API accepted (rolling upgrade)', () => {
    let api: ApiProcess;
    let worker: ManagedProcess;
    let alice: ApiClient;

    beforeAll(async () => {
      // The API believes the LLM engine runs; the only worker runs the local one.
      const shared = { QUEUE_SUFFIX: 'options-mismatch', QUEUE_ATTEMPTS: '2', QUEUE_BACKOFF_MS: '100' };
      [api, worker] = await Promise.all([
        startApi({ ...shared, ENGINE: 'openai', OPENAI_BASE_URL: 'http://127.0.0.1:9/v1', OPENAI_API_KEY: 'sk-test' }),
        startWorker({ ...shared, ENGINE: 'local' }),
      ]);
      alice = new ApiClient(api.url, (await keys.create('opt-mismatch')).key);
    });

    afterAll(async () => {
      await stopAll(api, worker);
      await keys.close();
    });

    it('fails the task with reason engine-unavailable instead of analysing it with another engine', async () => {
      const created = await alice.post(SINGLE, { text: 'El servicio es pésimo', engine: { name: 'sentir-openai' } });
      expect(created.status).toBe(202);
      const failed = await eventually(() => alice.get(`/api/v1/tasks/${created.body.id}`), (r) => r.body.status === 'failed');
      expect(failed.body.result).toBeNull();
      expect(failed.body.error.reason).toBe('engine-unavailable');
      expect(failed.body.error.detail).toContain('sentir-local');

      // An unpinned task on the same pair of processes is analysed as usual.
      const free = await alice.post(SINGLE, { text: 'El servicio es pésimo' }, { Prefer: 'wait=10' });
      expect(free.body.status).toBe('completed');
    });
  });
});
