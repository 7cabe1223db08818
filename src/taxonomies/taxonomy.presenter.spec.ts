import { checkTaxonomyInput } from './taxonomy-definition';
import { isTaxonomyRoute, taxonomyBodyLimit } from './taxonomy.limits';
import { presentDefaultTaxonomy, presentTaxonomy, presentTaxonomySummary } from './taxonomy.presenter';

const ID = '6f1c2a3b-1111-4222-8333-944455566677';

describe('taxonomy presenter', () => {
  it('shows the built-in taxonomy so that its name and themes can be POSTed back as they are', () => {
    const t = presentDefaultTaxonomy();
    expect(t).toMatchObject({ id: 'default', version: 1, latestVersion: 1, builtIn: true, createdAt: null, links: { self: '/api/v1/taxonomies/default' } });
    expect(t.themes.length).toBeGreaterThan(0);
    expect(() => checkTaxonomyInput(t.name, JSON.parse(JSON.stringify(t.themes)))).not.toThrow();
  });

  it('shows an older version with the current one and a permalink', () => {
    const at = new Date('2026-03-01T10:00:00.123Z');
    const dto = presentTaxonomy({
      id: ID,
      userId: 'u1',
      name: 'Mine',
      version: 2,
      latestVersion: 5,
      definition: { themes: [{ id: 'speed', label: 'Speed', keywords: { es: ['lento'] }, patterns: [] }] },
      createdAt: at,
      updatedAt: at,
    });
    expect(dto).toEqual({
      id: ID,
      name: 'Mine',
      version: 2,
      latestVersion: 5,
      builtIn: false,
      // An empty `patterns` is left out, like an absent one.
      themes: [{ id: 'speed', label: 'Speed', keywords: { es: ['lento'] } }],
      createdAt: '2026-03-01T10:00:00.123Z',
      updatedAt: '2026-03-01T10:00:00.123Z',
      links: { self: `/api/v1/taxonomies/${ID}`, version: `/api/v1/taxonomies/${ID}?version=2` },
    });
  });

  it('lists without themes', () => {
    const at = new Date('2026-03-01T10:00:00Z');
    expect(presentTaxonomySummary({ id: ID, name: 'Mine', version: 3, themeCount: 4, createdAt: at, updatedAt: at })).toEqual({
      id: ID,
      name: 'Mine',
      version: 3,
      themeCount: 4,
      createdAt: '2026-03-01T10:00:00.000Z',
      updatedAt: '2026-03-01T10:00:00.000Z',
      links: { self: `/api/v1/taxonomies/${ID}` },
    });
  });
});

describe('taxonomy limits', () => {
  it.each([
    ['/api/v1/taxonomies', true],
    ['/api/v1/taxonomies/abc', true],
    ['/api/v1/taxonomies?limit=2', true],
    ['/API/V1/Taxonomies/abc', true],
    ['/api/v1/taxonomiesx', false],
    ['/api/v1/tasks/single', false],
    [undefined, false],
  ])('isTaxonomyRoute(%p) is %p', (url, expected) => {
    expect(isTaxonomyRoute(url)).toBe(expected);
  });

  it.each([
    ['64kb', '1mb'],
    ['1mb', '1mb'],
    ['1025kb', '1025kb'],
    ['2MB', '2MB'],
  ])('with BODY_LIMIT=%s the taxonomy routes take %s', (global, expected) => {
    expect(taxonomyBodyLimit(global)).toBe(expected);
  });
});
