import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { parse } from 'yaml';
import { call, Reply, Tally } from '../net';
import { check, Scenario } from '../scenario';
import { Stack } from '../stack';

const METHODS = ['get', 'post', 'put', 'patch', 'delete'];

/**
 * 8. For every route in openapi.yml (read at run time, so new routes are covered the day they
 * land): another user's key gets 404 for the first user's resources (and the resource survives),
 * a revoked key gets 401, a non-admin key gets 403 on /api/v1/admin routes.
 */
export const authorization: Scenario = {
  id: '8',
  title: 'authorisation on every route',
  async run(ctx, result) {
    const doc = parse(readFileSync(join(__dirname, '..', '..', '..', 'openapi.yml'), 'utf8')) as { paths: Record<string, Record<string, unknown>> };
    const routes = Object.entries(doc.paths).flatMap(([path, ops]) => Object.keys(ops).filter((m) => METHODS.includes(m)).map((m) => ({ method: m.toUpperCase(), path })));
    const stack = new Stack('authz', ctx.pg, ctx.redis, { RATE_LIMIT_PER_MINUTE: '100000', RATE_LIMIT_IP_PER_MINUTE: '100000' });
    try {
      await stack.prepare();
      const api = await stack.startApi();
      await stack.startWorker();
      const [alice, bob, revoked] = await Promise.all([stack.createKey('alice'), stack.createKey('bob'), stack.createKey('revoked')]);
      const a = (method: string, path: string, opts: Parameters<typeof call>[3] = {}) => call(api.url, method, path, { key: alice.key, ...opts });

      // Alice's resources, one per kind of {id} route.
      const form = new FormData();
      form.append('file', new Blob(['comentario\nEl internet anda muy lento\nExcelente atención\n']), 'alice.csv');
      const file = await a('POST', '/api/v1/files', { body: form });
      const batch = await a('POST', '/api/v1/tasks/batch', { json: { fileId: file.body?.id } });
      const taxonomyBody = { name: 'alice', themes: [{ id: 'slow', label: 'Lento', keywords: { es: ['lento'], en: ['slow'] } }] };
      const taxonomy = await a('POST', '/api/v1/taxonomies', { json: taxonomyBody });
      const session = await a('POST', '/api/v1/sessions', { json: { state: { owner: 'alice' } } });
      const ids: Record<string, string | undefined> = { files: file.body?.id, tasks: batch.body?.id, taxonomies: taxonomy.body?.id, sessions: session.body?.id };
      await stack.waitFinished([ids.tasks!], 60_000).catch(() => undefined);
      const bodyFor: Record<string, unknown> = { taxonomies: taxonomyBody, sessions: { state: { owner: 'bob' } } };

      const concrete = (path: string) => {
        const collection = /^\/api\/v1\/([^/]+)\/\{id\}/.exec(path)?.[1];
        if (!collection) return { url: path, collection: undefined, id: undefined };
        return { url: path.replace('{id}', ids[collection] ?? 'missing'), collection, id: ids[collection] };
      };
      const send = (key: string, method: string, path: string, collection?: string) => {
        const body = ['PUT', 'PATCH', 'POST'].includes(method) ? JSON.stringify((collection && bodyFor[collection]) ?? {}) : undefined;
        const headers: Record<string, string> = { 'if-match': 'W/"1"' };
        if (body) headers['content-type'] = method === 'PATCH' ? 'application/merge-patch+json' : 'application/json';
        return call(api.url, method, path, { key, headers, body, timeoutMs: 10_000 });
      };

      const tally = new Tally();
      const wrong: string[] = [];
      const uncovered: string[] = [];
      let cross = 0;
      let admin = 0;
      for (const r of routes.filter((x) => x.path.startsWith('/api/v1/'))) {
        const { url, collection, id } = concrete(r.path);
        if (r.path.includes('{')) {
          if (!id) {
            uncovered.push(`${r.method} ${r.path}`);
            continue;
          }
          // /events streams: read the status and abort.
          const res = r.path.endsWith('/events') ? await statusOnly(api.url + url, bob.key) : await send(bob.key, r.method, url, collection);
          tally.add(res);
          cross++;
          if (res.status !== 404) wrong.push(`bob ${r.method} ${url} → ${res.status}`);
        }
        if (r.path.startsWith('/api/v1/admin/')) {
          const res = tally.add(await send(bob.key, r.method, url));
          admin++;
          if (res.status !== 403) wrong.push(`non-admin ${r.method} ${url} → ${res.status}`);
        }
      }
      // Alice's resources survived Bob's DELETEs, PUTs and PATCHes.
      for (const [collection, id] of Object.entries(ids)) {
        if (!id) continue;
        const still = await a('GET', `/api/v1/${collection}/${id}`);
        if (still.status !== 200) wrong.push(`alice's ${collection}/${id} after bob's attempts → ${still.status}`);
      }

      // Revocation through the operator CLI; every API instance drops its key cache within 5 s.
      await stack.cli(['keys:revoke', revoked.id]);
      await sleep(5_500);
      let revokedChecks = 0;
      for (const r of routes.filter((x) => x.path.startsWith('/api/v1/'))) {
        const { url, collection } = concrete(r.path);
        const res = r.path.endsWith('/events') ? await statusOnly(api.url + url, revoked.key) : await send(revoked.key, r.method, url, collection);
        tally.add(res);
        revokedChecks++;
        if (res.status !== 401) wrong.push(`revoked ${r.method} ${url} → ${res.status}`);
      }

      Object.assign(result, {
        load: `${routes.length} operations in openapi.yml; alice's file, batch task, taxonomy and session`,
        faults: `other user's key on ${cross} {id} operations; revoked key on ${revokedChecks}; non-admin key on ${admin} admin operations`,
        tasksSubmitted: 1,
        rowsSubmitted: 2,
        clientErrors: tally.toString(),
      });
      result.figures = { 'operations without a way to create the resource (not covered)': uncovered.length ? uncovered.join(', ') : 'none' };
      // Only the kinds this openapi.yml has {id} routes for must exist.
      const made: Record<string, Reply> = { files: file, tasks: batch, taxonomies: taxonomy, sessions: session };
      for (const [k, r] of Object.entries(made)) {
        if (routes.some((x) => x.path.startsWith(`/api/v1/${k}/{id}`))) check(result, r.status >= 200 && r.status < 300, `could not create alice's ${k}: ${r.status}`);
      }
      check(result, wrong.length === 0, wrong.join('; '));
      check(result, uncovered.length === 0, `not covered: ${uncovered.join(', ')}`);
    } finally {
      await stack.teardown();
    }
  },
};

/** For streaming routes: the status line only, then the connection is dropped. */
async function statusOnly(url: string, key: string): Promise<Reply> {
  const t0 = performance.now();
  const ac = new AbortController();
  const timer = setTimeout(() => ac.abort(), 10_000);
  try {
    const res = await fetch(url, { headers: { authorization: `Bearer ${key}` }, signal: ac.signal });
    ac.abort();
    return { status: res.status, headers: res.headers, body: undefined, ms: performance.now() - t0 };
  } catch (err) {
    return { status: 0, headers: new Headers(), body: undefined, ms: performance.now() - t0, error: (err as Error).name };
  } finally {
    clearTimeout(timer);
  }
}
