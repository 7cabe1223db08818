import { KeyFactory } from '../factories/api-keys.factory';
import { ApiClient, ApiResponse } from '../support/http';
import { ApiProcess, startApi, stopAll } from '../support/processes';

const P = 'https://sentir.dev/problems/';
const BASE = '/api/v1/taxonomies';

interface Theme {
  id: string;
  label: string;
  keywords: Record<string, string[]>;
  patterns?: string[];
}

const themes: Theme[] = [
  { id: 'speed', label: 'Speed', keywords: { es: ['lento', 'velocidad'], en: ['slow*'], gn: ['mbegue*'] } },
  { id: 'price-billing', label: 'Price and billing', keywords: { es: ['factur*', 'muy caro'] }, patterns: ['\\d{1,3} ?mil guaranies'] },
];

/** User taxonomies through a real API process: versions, ETag/If-Match, limits, isolation. */
describe('taxonomies (API process, PostgreSQL)', () => {
  const keys = new KeyFactory();
  let api: ApiProcess;
  let alice: ApiClient;
  let bob: ApiClient;

  beforeAll(async () => {
    api = await startApi({ QUEUE_SUFFIX: 'taxonomies' });
    const [a, b] = await Promise.all([keys.create('alice'), keys.create('bob')]);
    alice = new ApiClient(api.url, a.key);
    bob = new ApiClient(api.url, b.key);
  });

  afterAll(async () => {
    await stopAll(api);
    await keys.close();
  });

  const put = (client: ApiClient, path: string, body: unknown, headers: Record<string, string> = {}) => client.request('PUT', path, body, headers);

  function expectProblem(res: ApiResponse, status: number, type: string) {
    expect(res.status).toBe(status);
    expect(res.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect(res.body).toMatchObject({ type: P + type, status });
  }

  async function create(client: ApiClient, name = 'Mine', body: { themes: unknown[] } = { themes }): Promise<ApiResponse> {
    const res = await client.post(BASE, { name, ...body });
    expect(res.status).toBe(201);
    return res;
  }

  describe('the built-in taxonomy', () => {
    it('is readable as `default`, with an ETag, and can be copied into a new taxonomy as it is', async () => {
      const res = await alice.get(`${BASE}/default`);
      expect(res.status).toBe(200);
      expect(res.headers.get('etag')).toBe('W/"1"');
      expect(res.body).toMatchObject({ id: 'default', version: 1, latestVersion: 1, builtIn: true, createdAt: null, updatedAt: null });
      expect(res.body.themes.map((t: Theme) => t.id)).toEqual(expect.arrayContaining(['speed', 'outages', 'price-billing']));

      const copy = await create(alice, `${res.body.name} (copy)`, { themes: res.body.themes });
      expect(copy.body).toMatchObject({ version: 1, builtIn: false, themes: res.body.themes });
      expect(await alice.get(`${BASE}/default?version=1`)).toMatchObject({ status: 200 });
      expectProblem(await alice.get(`${BASE}/default?version=2`), 404, 'not-found');
    });

    it('is read-only: PUT and DELETE are 405 with Allow: GET', async () => {
      // Plain fetch: openapi.yml rightly has no PUT or DELETE on /taxonomies/default for ApiClient to check against.
      const headers = { Authorization: `Bearer ${alice.key}`, 'Content-Type': 'application/json', 'If-Match': 'W/"1"' };
      for (const method of ['PUT', 'DELETE']) {
        const res = await fetch(`${api.url}${BASE}/default`, { method, headers, body: method === 'PUT' ? JSON.stringify({ name: 'x', themes }) : undefined });
        expect(res.status).toBe(405);
        expect(res.headers.get('allow')).toBe('GET');
        expect(await res.json()).toMatchObject({ type: `${P}method-not-allowed`, detail: expect.stringMatching(/read-only/) });
      }
    });
  });

  describe('create and read', () => {
    it('201 with Location, ETag W/"1" and version 1; GET returns the same', async () => {
      const res = await create(alice, 'Mobile plans');
      const id = res.body.id as string;
      expect(id).toMatch(/^[0-9a-f-]{36}$/);
      expect(res.headers.get('location')).toBe(`${BASE}/${id}`);
      expect(res.headers.get('etag')).toBe('W/"1"');
      expect(res.body).toMatchObject({ name: 'Mobile plans', version: 1, latestVersion: 1, builtIn: false, themes, links: { self: `${BASE}/${id}`, version: `${BASE}/${id}?version=1` } });

      const got = await alice.get(`${BASE}/${id}`);
      expect(got.status).toBe(200);
      expect(got.headers.get('etag')).toBe('W/"1"');
      expect(got.body).toEqual(res.body);

      // fetch adds Cache-Control: no-cache to conditional requests unless told otherwise.
      const notModified = await alice.get(`${BASE}/${id}`, { 'If-None-Match': 'W/"1"', 'Cache-Control': 'max-age=0' });
      expect(notModified.status).toBe(304);
    });

    it('lists newest first without themes, with cursor pagination', async () => {
      const carol = new ApiClient(api.url, (await keys.create('carol')).key);
      const ids: string[] = [];
      for (const name of ['one', 'two', 'three']) ids.push((await create(carol, name)).body.id);

      const first = await carol.get(`${BASE}?limit=2`);
      expect(first.status).toBe(200);
      expect(first.body.data.map((t: { name: string }) => t.name)).toEqual(['three', 'two']);
      expect(first.body.data[0]).toEqual(expect.objectContaining({ id: ids[2], version: 1, themeCount: 2 }));
      expect(first.body.data[0]).not.toHaveProperty('themes');
      expect(first.body.links.next).toBe(`${BASE}?limit=2&cursor=${first.body.nextCursor}`);

      const second = await carol.get(first.body.links.next);
      expect(second.body.data.map((t: { name: string }) => t.name)).toEqual(['one']);
      expect(second.body.nextCursor).toBeNull();
      expectProblem(await carol.get(`${BASE}?cursor=nope`), 400, 'invalid-cursor');
    });

    it('404 for an unknown id, a non-uuid id and a version that does not exist', async () => {
      const id = (await create(alice)).body.id;
      expectProblem(await alice.get(`${BASE}/00000000-0000-4000-8000-000000000000`), 404, 'not-found');
      expectProblem(await alice.get(`${BASE}/not-a-uuid`), 404, 'not-found');
      expectProblem(await alice.get(`${BASE}/${id}?version=2`), 404, 'not-found');
      expectProblem(await alice.get(`${BASE}/${id}?version=0`), 400, 'validation-failed');
    });
  });

  describe('versions: PUT with If-Match or a body version', () => {
    it('replaces as the next version, refuses stale versions with 412, and keeps every old version readable', async () => {
      const created = await create(alice, 'v1');
      const path = `${BASE}/${created.body.id}`;
      const etag1 = created.headers.get('etag')!;

      const v2Themes = [...themes, { id: 'outages', label: 'Outages', keywords: { es: ['se corta'], en: ['outage'] } }];
      const v2 = await put(alice, path, { name: 'v2', themes: v2Themes }, { 'If-Match': etag1 });
      expect(v2.status).toBe(200);
      expect(v2.headers.get('etag')).toBe('W/"2"');
      expect(v2.body).toMatchObject({ name: 'v2', version: 2, latestVersion: 2, themes: v2Themes });

      // Another editor still holding W/"1" cannot overwrite version 2.
      const stale = await put(alice, path, { name: 'lost update', themes }, { 'If-Match': etag1 });
      expectProblem(stale, 412, 'version-conflict');
      expect(stale.body.currentVersion).toBe(2);

      // The body's `version` works too (for clients that cannot set headers), and is checked the same way.
      expectProblem(await put(alice, path, { name: 'lost update', themes, version: 1 }), 412, 'version-conflict');
      const v3 = await put(alice, path, { name: 'v3', themes: [themes[0]], version: 2 });
      expect(v3.status).toBe(200);
      expect(v3.body).toMatchObject({ name: 'v3', version: 3 });

      // A task that ran with version 1 stays explainable.
      const old = await alice.get(`${path}?version=1`);
      expect(old.status).toBe(200);
      expect(old.headers.get('etag')).toBe('W/"1"');
      expect(old.body).toMatchObject({ name: 'v1', version: 1, latestVersion: 3, themes, links: { version: `${path}?version=1` } });
      expect((await alice.get(`${path}?version=2`)).body).toMatchObject({ name: 'v2', version: 2, themes: v2Themes });
      expect((await alice.get(path)).body).toMatchObject({ name: 'v3', version: 3, themes: [themes[0]] });

      const listed = await alice.get(`${BASE}?limit=100`);
      expect(listed.body.data.find((t: { id: string }) => t.id === created.body.id)).toMatchObject({ name: 'v3', version: 3, themeCount: 1 });
    });

    it('428 without If-Match or version; 400 for a malformed If-Match; `*` replaces any version', async () => {
      const path = (await create(alice)).headers.get('location')!;
      const noPrecondition = await put(alice, path, { name: 'x', themes });
      expectProblem(noPrecondition, 428, 'precondition-required');
      expect(noPrecondition.body.detail).toMatch(/If-Match/);

      const malformed = await put(alice, path, { name: 'x', themes }, { 'If-Match': '1' });
      expectProblem(malformed, 400, 'invalid-header');
      expect(malformed.body.errors).toEqual([{ field: 'If-Match', message: expect.any(String) }]);

      // A strong tag with the same version is accepted too; an If-Match list matches any of its tags.
      expect((await put(alice, path, { name: 'x', themes }, { 'If-Match': '"1"' })).body.version).toBe(2);
      expect((await put(alice, path, { name: 'x', themes }, { 'If-Match': 'W/"7", W/"2"' })).body.version).toBe(3);
      expect((await put(alice, path, { name: 'x', themes }, { 'If-Match': '*' })).body.version).toBe(4);
      // If-Match and body version must both match.
      expectProblem(await put(alice, path, { name: 'x', themes, version: 3 }, { 'If-Match': 'W/"4"' }), 412, 'version-conflict');
    });

    it('two concurrent replaces of the same version: exactly one wins, the other gets 412', async () => {
      const path = (await create(alice)).headers.get('location')!;
      const results = await Promise.all(
        Array.from({ length: 6 }, (_, i) => put(alice, path, { name: `writer ${i}`, themes }, { 'If-Match': 'W/"1"' })),
      );
      expect(results.map((r) => r.status).sort()).toEqual([200, 412, 412, 412, 412, 412]);
      const after = await alice.get(path);
      expect(after.body.version).toBe(2);
      expect(after.body.name).toBe(results.find((r) => r.status === 200)!.body.name);
      expectProblem(await alice.get(`${path}?version=3`), 404, 'not-found');
    });

    it('404 for a PUT on a taxonomy that does not exist (with a precondition)', async () => {
      expectProblem(await put(alice, `${BASE}/00000000-0000-4000-8000-000000000000`, { name: 'x', themes, version: 1 }), 404, 'not-found');
    });
  });

  describe('other users', () => {
    it("answer 404 for another user's taxonomy on every route, and never list it", async () => {
      const created = await create(alice, 'private');
      const path = `${BASE}/${created.body.id}`;
      expectProblem(await bob.get(path), 404, 'not-found');
      expectProblem(await bob.get(`${path}?version=1`), 404, 'not-found');
      expectProblem(await put(bob, path, { name: 'mine now', themes }, { 'If-Match': 'W/"1"' }), 404, 'not-found');
      expectProblem(await bob.delete(path), 404, 'not-found');
      const list = await bob.get(`${BASE}?limit=100`);
      expect(list.body.data.map((t: { id: string }) => t.id)).not.toContain(created.body.id);
      expect((await alice.get(path)).body).toMatchObject({ name: 'private', version: 1 });
    });
  });

  describe('validation: 400 naming the field', () => {
    const theme = (extra: Record<string, unknown>) => ({ id: 'ok', label: 'OK', keywords: { es: ['bien'] }, ...extra });

    it.each([
      ['a theme id that is not a slug', 'themes[0].id', [theme({ id: 'Bad Id' })]],
      ['a catastrophic pattern', 'themes[1].patterns[0]', [theme({}), theme({ id: 'redos', patterns: ['(a+)+$'] })]],
      ['a pattern with unbounded repetition', 'themes[0].patterns[0]', [theme({ patterns: ['\\d+ ?mbps'] })]],
      ['too many themes', 'themes', Array.from({ length: 101 }, (_, i) => theme({ id: `t${i}` }))],
      ['an empty keyword', 'themes[0].keywords.es[1]', [theme({ keywords: { es: ['bien', ' '] } })]],
      ['a language key that is not ISO 639', 'themes[0].keywords.spanish', [theme({ keywords: { spanish: ['bien'] } })]],
      ['duplicate theme ids', 'themes[1].id', [theme({}), theme({})]],
      ['a theme without cues', 'themes[0]', [theme({ keywords: {} })]],
      ['an unknown theme field', 'themes[0].weight', [theme({ weight: 2 })]],
      ['no themes', 'themes', []],
    ])('%s → %s', async (_name, field, badThemes) => {
      const res = await alice.post(BASE, { name: 'Bad', themes: badThemes });
      expectProblem(res, 400, 'validation-failed');
      expect(res.body.errors).toEqual(expect.arrayContaining([{ field, message: expect.any(String) }]));
    });

    it('names body fields too (name, themes missing, unknown field), and drops __proto__ keys', async () => {
      const res = await alice.post(BASE, { name: 7, extra: true });
      expectProblem(res, 400, 'validation-failed');
      const fields = res.body.errors.map((e: { field: string }) => e.field);
      expect(fields).toEqual(expect.arrayContaining(['name', 'themes', 'extra']));

      const proto = await alice.post(BASE, '{"name": "x", "themes": [{"id": "a", "label": "A", "keywords": {"es": ["si"]}, "__proto__": {"id": "b"}}]}', {
        'Content-Type': 'application/json',
      });
      // Nest's ValidationPipe deletes __proto__ keys before anything else sees the body.
      expect(proto.status).toBe(201);
      expect(proto.body.themes).toEqual([{ id: 'a', label: 'A', keywords: { es: ['si'] } }]);
      expect((await alice.get(proto.headers.get('location')!)).body.themes).toEqual(proto.body.themes);
    });

    it('validates PUT bodies the same way, leaving the taxonomy unchanged', async () => {
      const path = (await create(alice)).headers.get('location')!;
      const res = await put(alice, path, { name: 'x', themes: [theme({ patterns: ['(x|xx){1,20}'] })] }, { 'If-Match': 'W/"1"' });
      expectProblem(res, 400, 'validation-failed');
      expect(res.body.errors[0].field).toBe('themes[0].patterns[0]');
      expect((await alice.get(path)).body.version).toBe(1);
    });

    it('415 for a body that is not JSON', async () => {
      expectProblem(await alice.post(BASE, 'name=x', { 'Content-Type': 'application/x-www-form-urlencoded' }), 415, 'unsupported-media-type');
    });
  });

  describe('body size', () => {
    // 100 themes × 40 keywords × ~27 characters ≈ 115 kB: over the global 64kb, within the taxonomy routes' 1mb.
    const big = Array.from({ length: 100 }, (_, t) => ({
      id: `theme-${t}`,
      label: `Theme ${t}`,
      keywords: { es: Array.from({ length: 40 }, (_, k) => `palabra${t}x${k} clave larga`) },
    }));

    it('accepts a taxonomy larger than BODY_LIMIT on its own routes, and only there', async () => {
      expect(JSON.stringify({ name: 'Big', themes: big }).length).toBeGreaterThan(100_000);
      const res = await create(alice, 'Big', { themes: big });
      expect(res.body.themes).toHaveLength(100);
      expectProblem(await alice.post('/api/v1/tasks/single', { text: 'x'.repeat(100_000) }), 413, 'payload-too-large');
    });

    it('413 over 1mb', async () => {
      const huge = big.map((t) => ({ ...t, keywords: { es: Array.from({ length: 400 }, (_, k) => `palabra${k} muy larga de relleno`) } }));
      expectProblem(await alice.post(BASE, { name: 'Huge', themes: huge }), 413, 'payload-too-large');
    });
  });

  describe('per-user limit', () => {
    it('50 taxonomies per user, enforced under concurrency: 409 taxonomy-limit-reached, room again after a delete', async () => {
      const dave = new ApiClient(api.url, (await keys.create('dave')).key);
      const results = await Promise.all(Array.from({ length: 55 }, (_, i) => dave.post(BASE, { name: `n${i}`, themes })));
      const statuses = results.map((r) => r.status);
      expect(statuses.filter((s) => s === 201)).toHaveLength(50);
      const refused = results.filter((r) => r.status !== 201);
      expect(refused).toHaveLength(5);
      for (const r of refused) {
        expectProblem(r, 409, 'taxonomy-limit-reached');
        expect(r.body.limit).toBe(50);
      }
      const first = results.find((r) => r.status === 201)!;
      expect((await dave.delete(first.headers.get('location')!)).status).toBe(204);
      await create(dave, 'after delete');
      expectProblem(await dave.post(BASE, { name: 'one too many', themes }), 409, 'taxonomy-limit-reached');
    });
  });

  describe('delete', () => {
    it('204, then 404 for it and every version; If-Match is honoured when sent', async () => {
      const created = await create(alice, 'to delete');
      const path = `${BASE}/${created.body.id}`;
      expect((await put(alice, path, { name: 'v2', themes }, { 'If-Match': 'W/"1"' })).status).toBe(200);

      const stale = await alice.delete(path, { 'If-Match': 'W/"1"' });
      expectProblem(stale, 412, 'version-conflict');
      expect(stale.body.currentVersion).toBe(2);

      const res = await alice.delete(path, { 'If-Match': 'W/"2"' });
      expect(res.status).toBe(204);
      expect(res.text).toBe('');
      expectProblem(await alice.get(path), 404, 'not-found');
      expectProblem(await alice.get(`${path}?version=1`), 404, 'not-found');
      expectProblem(await alice.delete(path), 404, 'not-found');
    });
  });
});
