import type { Principal } from '../auth/principal';
import { ValidationFailedError } from '../common/errors/domain-error';
import { ISP_DEFAULT_TAXONOMY } from '../tasks/analysis/themes/isp-default.taxonomy';
import { compileTaxonomy } from '../tasks/analysis/themes/theme.matcher';
import {
  ReadOnlyTaxonomyError,
  TaxonomyLimitReachedError,
  TaxonomyNotFoundError,
  TaxonomyPreconditionRequiredError,
  TaxonomyVersionConflictError,
} from './taxonomies.errors';
import type { TaxonomiesRepository } from './taxonomies.repository';
import { TaxonomiesService } from './taxonomies.service';
import type { TaxonomyRecord } from './taxonomy.entity';
import { DEFAULT_TAXONOMY_VERSION, MAX_TAXONOMIES_PER_USER } from './taxonomy.limits';

const ID = '6f1c2a3b-1111-4222-8333-944455566677';
const principal = { userId: 'u1', userName: 'alice', keyId: 'k1', isAdmin: false } as Principal;
const themes = [{ id: 'speed', label: 'Speed', keywords: { es: ['lento'], en: ['slow*'] }, patterns: ['\\d{1,4} ?mbps'] }];

function record(version = 1): TaxonomyRecord {
  return { id: ID, userId: 'u1', name: 'Mine', version, latestVersion: version, definition: { themes }, createdAt: new Date(), updatedAt: new Date() };
}

async function rejection(p: Promise<unknown>): Promise<unknown> {
  return p.then(
    () => undefined,
    (e: unknown) => e,
  );
}

describe('TaxonomiesService', () => {
  const repo = { create: jest.fn(), findOwned: jest.fn(), list: jest.fn(), replace: jest.fn(), remove: jest.fn() };
  const sut = new TaxonomiesService(repo as unknown as TaxonomiesRepository);

  beforeEach(() => Object.values(repo).forEach((f) => f.mockReset()));

  describe('create', () => {
    it('stores a valid taxonomy as {themes} under the per-user limit', async () => {
      repo.create.mockResolvedValue(record());
      await expect(sut.create(principal, { name: 'Mine', themes })).resolves.toMatchObject({ id: ID, version: 1 });
      expect(repo.create).toHaveBeenCalledWith('u1', 'Mine', { themes }, MAX_TAXONOMIES_PER_USER);
    });

    it('names every bad field with the validator paths, never touching the database', async () => {
      const err = await rejection(
        sut.create(principal, {
          name: '  ',
          themes: [
            { id: 'Bad Id', label: 'x', keywords: { es: ['ok', ''] } },
            { id: 'regex', label: 'R', keywords: {}, patterns: ['(a+)+$'] },
            { id: 'extra', label: 'E', keywords: { en: ['fine'] }, weight: 2 },
          ],
        }),
      );
      expect(err).toBeInstanceOf(ValidationFailedError);
      const fields = (err as ValidationFailedError).errors.map((e) => e.field);
      expect(fields).toEqual(expect.arrayContaining(['name', 'themes[0].id', 'themes[0].keywords.es[1]', 'themes[1].patterns[0]', 'themes[2].weight']));
      expect(fields).not.toContain('id');
      expect(fields).not.toContain('version');
      expect(repo.create).not.toHaveBeenCalled();
    });

    it('refuses more than 100 themes on `themes`', async () => {
      const many = Array.from({ length: 101 }, (_, i) => ({ id: `t${i}`, label: 'T', keywords: { en: ['word'] } }));
      const err = await rejection(sut.create(principal, { name: 'Big', themes: many }));
      expect((err as ValidationFailedError).errors).toEqual([{ field: 'themes', message: 'must have at most 100 themes' }]);
    });

    it('is taxonomy-limit-reached when the repository finds the user full', async () => {
      repo.create.mockResolvedValue(null);
      const err = await rejection(sut.create(principal, { name: 'Mine', themes }));
      expect(err).toBeInstanceOf(TaxonomyLimitReachedError);
      expect((err as TaxonomyLimitReachedError).extensions).toEqual({ limit: MAX_TAXONOMIES_PER_USER });
    });
  });

  describe('get', () => {
    it('answers not-found for an id that is not a uuid without a query', async () => {
      await expect(sut.get(principal, 'nope')).rejects.toBeInstanceOf(TaxonomyNotFoundError);
      expect(repo.findOwned).not.toHaveBeenCalled();
    });

    it('reads a version from the history and names it when missing', async () => {
      repo.findOwned.mockResolvedValue(null);
      const err = await rejection(sut.get(principal, ID, 7));
      expect(repo.findOwned).toHaveBeenCalledWith('u1', ID, 7);
      expect((err as Error).message).toBe(`Taxonomy ${ID} version 7 does not exist or is not yours.`);
    });
  });

  describe('replace', () => {
    const input = { name: 'Mine', themes };

    it('refuses the built-in taxonomy as read-only', async () => {
      await expect(sut.replace(principal, 'default', input, { any: false, versions: [1] })).rejects.toBeInstanceOf(ReadOnlyTaxonomyError);
    });

    it('requires If-Match or a body version (428)', async () => {
      await expect(sut.replace(principal, ID, input, undefined)).rejects.toBeInstanceOf(TaxonomyPreconditionRequiredError);
      expect(repo.replace).not.toHaveBeenCalled();
    });

    it.each([
      ['If-Match list', { any: false as const, versions: [2, 3] }, undefined, [2, 3]],
      ['body version', undefined, 3, [3]],
      ['both agreeing', { any: false as const, versions: [3] }, 3, [3]],
      ['both disagreeing (matches nothing)', { any: false as const, versions: [2] }, 3, []],
      ['If-Match: *', { any: true as const }, undefined, null],
      ['If-Match: * and a body version', { any: true as const }, 4, [4]],
    ])('passes the expected versions for %s', async (_name, ifMatch, version, expected) => {
      repo.replace.mockResolvedValue({ ok: true, value: record(4) });
      await sut.replace(principal, ID, { ...input, version }, ifMatch);
      expect(repo.replace).toHaveBeenCalledWith('u1', ID, expected, 'Mine', { themes });
    });

    it('is version-conflict with the current version when another version is current', async () => {
      repo.replace.mockResolvedValue({ ok: false, currentVersion: 5 });
      const err = await rejection(sut.replace(principal, ID, { ...input, version: 3 }, undefined));
      expect(err).toBeInstanceOf(TaxonomyVersionConflictError);
      expect((err as TaxonomyVersionConflictError).extensions).toEqual({ currentVersion: 5 });
    });

    it('is not-found when the taxonomy is gone or not yours', async () => {
      repo.replace.mockResolvedValue({ ok: false, currentVersion: null });
      await expect(sut.replace(principal, ID, { ...input, version: 3 }, undefined)).rejects.toBeInstanceOf(TaxonomyNotFoundError);
    });

    it('validates before writing', async () => {
      await expect(sut.replace(principal, ID, { name: 'x', themes: [], version: 1 }, undefined)).rejects.toBeInstanceOf(ValidationFailedError);
      expect(repo.replace).not.toHaveBeenCalled();
    });
  });

  describe('remove', () => {
    it('deletes unconditionally without If-Match, conditionally with it', async () => {
      repo.remove.mockResolvedValue({ ok: true, value: undefined });
      await sut.remove(principal, ID, undefined);
      await sut.remove(principal, ID, { any: false, versions: [2] });
      expect(repo.remove.mock.calls).toEqual([
        ['u1', ID, null],
        ['u1', ID, [2]],
      ]);
    });

    it('refuses the built-in taxonomy', async () => {
      await expect(sut.remove(principal, 'default', undefined)).rejects.toBeInstanceOf(ReadOnlyTaxonomyError);
    });
  });

  describe('resolveForTask', () => {
    it.each([undefined, 'default'])('resolves %p to the built-in taxonomy', async (id) => {
      await expect(sut.resolveForTask(principal, id)).resolves.toEqual({ id: 'default', version: DEFAULT_TAXONOMY_VERSION, definition: ISP_DEFAULT_TAXONOMY });
      await expect(sut.resolveForTask(principal, id, 2)).rejects.toBeInstanceOf(TaxonomyNotFoundError);
    });

    it('pins a user taxonomy to the version read, in a shape compileTaxonomy accepts', async () => {
      repo.findOwned.mockResolvedValue(record(3));
      const resolved = await sut.resolveForTask({ userId: 'u1' }, ID, 3);
      expect(repo.findOwned).toHaveBeenCalledWith('u1', ID, 3);
      expect(resolved).toEqual({ id: ID, version: 3, definition: { id: ID, name: 'Mine', version: '3', themes } });
      expect(compileTaxonomy(resolved.definition).themes).toEqual([{ id: 'speed', label: 'Speed' }]);
    });

    it("answers not-found for another user's taxonomy", async () => {
      repo.findOwned.mockResolvedValue(null);
      await expect(sut.resolveForTask({ userId: 'u2' }, ID)).rejects.toBeInstanceOf(TaxonomyNotFoundError);
    });
  });

  it('pins the built-in taxonomy: bump DEFAULT_TAXONOMY_VERSION when ISP_DEFAULT_TAXONOMY changes', () => {
    expect({ version: ISP_DEFAULT_TAXONOMY.version, apiVersion: DEFAULT_TAXONOMY_VERSION }).toEqual({ version: '1.0.0', apiVersion: 1 });
  });
});
