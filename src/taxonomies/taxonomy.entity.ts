import type { TaxonomyTheme } from '../tasks/analysis/themes/theme.types';

/** What a taxonomy says, stored as jsonb (`taxonomies.definition`, `taxonomy_versions.definition`). */
export interface TaxonomyDefinition {
  themes: TaxonomyTheme[];
}

/** One version of a user's taxonomy: the current one, or an older one read back for a task. */
export interface TaxonomyRecord {
  id: string;
  userId: string;
  name: string;
  /** The version this record shows. */
  version: number;
  /** The taxonomy's current version (equal to `version` unless an older one was asked for). */
  latestVersion: number;
  definition: TaxonomyDefinition;
  createdAt: Date;
  /** When this version was written. */
  updatedAt: Date;
}

/** A list entry: no definition (a page of 20 full taxonomies could weigh megabytes). */
export interface TaxonomySummary {
  id: string;
  name: string;
  version: number;
  themeCount: number;
  createdAt: Date;
  updatedAt: Date;
}
