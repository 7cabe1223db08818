import { Injectable } from '@nestjs/common';
import type { Principal } from '../auth/principal';
import type { IfMatch } from '../common/http/if-match';
import { ISP_DEFAULT_TAXONOMY } from '../tasks/analysis/themes/isp-default.taxonomy';
import type { Taxonomy } from '../tasks/analysis/themes/theme.types';
import { decodeCursor, encodeCursor, isUuid } from '../tasks/task-cursor';
import { InvalidCursorError } from '../tasks/tasks.errors';
import {
  ReadOnlyTaxonomyError,
  TaxonomyLimitReachedError,
  TaxonomyNotFoundError,
  TaxonomyPreconditionRequiredError,
  TaxonomyVersionConflictError,
} from './taxonomies.errors';
import { TaxonomiesRepository, type ConditionalResult } from './taxonomies.repository';
import { checkTaxonomyInput, toEngineTaxonomy } from './taxonomy-definition';
import type { TaxonomyRecord, TaxonomySummary } from './taxonomy.entity';
import { DEFAULT_TAXONOMY_ID, DEFAULT_TAXONOMY_VERSION, MAX_TAXONOMIES_PER_USER } from './taxonomy.limits';

export interface TaxonomyInput {
  name: string;
  themes: unknown;
}

/** A taxonomy pinned to one version, ready for `compileTaxonomy`. */
export interface ResolvedTaxonomy {
  /** A uuid, or `default`. */
  id: string;
  version: number;
  definition: Taxonomy;
}

@Injectable()
export class TaxonomiesService {
  constructor(private readonly taxonomies: TaxonomiesRepository) {}

  /** Version 1 of a new taxonomy. 400 naming each bad field; 409 past `MAX_TAXONOMIES_PER_USER`. */
  async create(principal: Principal, input: TaxonomyInput): Promise<TaxonomyRecord> {
    const definition = checkTaxonomyInput(input.name, input.themes);
    const created = await this.taxonomies.create(principal.userId, input.name, definition, MAX_TAXONOMIES_PER_USER);
    if (!created) throw new TaxonomyLimitReachedError(MAX_TAXONOMIES_PER_USER);
    return created;
  }

  /** The current version, or `version` from the history. Another user's taxonomy is not found. */
  async get(principal: Pick<Principal, 'userId'>, id: string, version?: number): Promise<TaxonomyRecord> {
    const found = isUuid(id) ? await this.taxonomies.findOwned(principal.userId, id, version) : null;
    if (!found) throw new TaxonomyNotFoundError(id, version);
    return found;
  }

  /** The built-in taxonomy has a single version so far. */
  assertDefaultVersion(version?: number): void {
    if (version !== undefined && version !== DEFAULT_TAXONOMY_VERSION) throw new TaxonomyNotFoundError(DEFAULT_TAXONOMY_ID, version);
  }

  async list(principal: Principal, limit: number, cursor?: string): Promise<{ taxonomies: TaxonomySummary[]; nextCursor: string | null }> {
    let after: { createdAt: string; id: string } | undefined;
    if (cursor) {
      const decoded = decodeCursor(cursor);
      if (!decoded) throw new InvalidCursorError();
      after = decoded;
    }
    const { rows, hasMore } = await this.taxonomies.list(principal.userId, limit, after);
    const last = rows[rows.length - 1];
    return {
      taxonomies: rows.map(({ createdKey: _key, ...summary }) => summary),
      nextCursor: hasMore && last ? encodeCursor({ createdAt: last.createdKey, id: last.id }) : null,
    };
  }

  /**
   * Replaces the whole taxonomy as the next version. The client must name the version it
   * read, with `If-Match` or `version` in the body (both: both must match); without either
   * it is 428, with a stale one 412, so two editors never silently overwrite each other.
   */
  async replace(principal: Principal, id: string, input: TaxonomyInput & { version?: number }, ifMatch: IfMatch | undefined): Promise<TaxonomyRecord> {
    if (id === DEFAULT_TAXONOMY_ID) throw new ReadOnlyTaxonomyError();
    if (!isUuid(id)) throw new TaxonomyNotFoundError(id);
    if (!ifMatch && input.version === undefined) throw new TaxonomyPreconditionRequiredError();
    const definition = checkTaxonomyInput(input.name, input.themes);
    return settle(id, await this.taxonomies.replace(principal.userId, id, expectedVersions(ifMatch, input.version), input.name, definition));
  }

  /** Deletes the taxonomy and all its versions; `If-Match` is optional here and honoured when sent. */
  async remove(principal: Principal, id: string, ifMatch: IfMatch | undefined): Promise<void> {
    if (id === DEFAULT_TAXONOMY_ID) throw new ReadOnlyTaxonomyError();
    if (!isUuid(id)) throw new TaxonomyNotFoundError(id);
    settle(id, await this.taxonomies.remove(principal.userId, id, expectedVersions(ifMatch, undefined)));
  }

  /**
   * For the tasks module: the taxonomy a task will run with, pinned to a version so the
   * task's result can name it. No id (or `default`) is the built-in ISP taxonomy; without
   * `version`, the current one. Another user's taxonomy, or a version that does not exist,
   * is `TaxonomyNotFoundError`. Takes only the user id so that workers can call it with a
   * task's owner.
   */
  async resolveForTask(principal: Pick<Principal, 'userId'>, taxonomyId?: string, version?: number): Promise<ResolvedTaxonomy> {
    if (taxonomyId === undefined || taxonomyId === DEFAULT_TAXONOMY_ID) {
      this.assertDefaultVersion(version);
      return { id: DEFAULT_TAXONOMY_ID, version: DEFAULT_TAXONOMY_VERSION, definition: ISP_DEFAULT_TAXONOMY };
    }
    const t = await this.get(principal, taxonomyId, version);
    return { id: t.id, version: t.version, definition: toEngineTaxonomy(t) };
  }
}

/** The versions a conditional write may replace; `null`: any (`If-Match: *` alone, or an unconditional DELETE). */
function expectedVersions(ifMatch: IfMatch | undefined, bodyVersion: number | undefined): number[] | null {
  if (!ifMatch || ifMatch.any) return bodyVersion === undefined ? null : [bodyVersion];
  if (bodyVersion === undefined) return ifMatch.versions;
  return ifMatch.versions.includes(bodyVersion) ? [bodyVersion] : [];
}

function settle<T>(id: string, result: ConditionalResult<T>): T {
  if (result.ok) return result.value;
  if (result.currentVersion === null) throw new TaxonomyNotFoundError(id);
  throw new TaxonomyVersionConflictError(result.currentVersion);
}
