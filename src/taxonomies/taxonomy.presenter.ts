import { API_V1 } from '../common/http/api-paths';
import { ISP_DEFAULT_TAXONOMY } from '../tasks/analysis/themes/isp-default.taxonomy';
import type { TaxonomyTheme } from '../tasks/analysis/themes/theme.types';
import type { TaxonomyDto, TaxonomySummaryDto, TaxonomyThemeDto } from './dto/taxonomy.dto';
import type { TaxonomyRecord, TaxonomySummary } from './taxonomy.entity';
import { DEFAULT_TAXONOMY_ID, DEFAULT_TAXONOMY_VERSION } from './taxonomy.limits';

/** Stored taxonomy (any version) → public resource. The only place that shapes a taxonomy for clients. */
export function presentTaxonomy(t: TaxonomyRecord): TaxonomyDto {
  return {
    id: t.id,
    name: t.name,
    version: t.version,
    latestVersion: t.latestVersion,
    builtIn: false,
    themes: t.definition.themes.map(presentTheme),
    createdAt: t.createdAt.toISOString(),
    updatedAt: t.updatedAt.toISOString(),
    links: links(t.id, t.version),
  };
}

/** The built-in ISP taxonomy, shaped like a user's so that clients can copy `name` and `themes` into a POST. */
export function presentDefaultTaxonomy(): TaxonomyDto {
  return {
    id: DEFAULT_TAXONOMY_ID,
    name: ISP_DEFAULT_TAXONOMY.name,
    version: DEFAULT_TAXONOMY_VERSION,
    latestVersion: DEFAULT_TAXONOMY_VERSION,
    builtIn: true,
    themes: ISP_DEFAULT_TAXONOMY.themes.map(presentTheme),
    createdAt: null,
    updatedAt: null,
    links: links(DEFAULT_TAXONOMY_ID, DEFAULT_TAXONOMY_VERSION),
  };
}

export function presentTaxonomySummary(s: TaxonomySummary): TaxonomySummaryDto {
  return {
    id: s.id,
    name: s.name,
    version: s.version,
    themeCount: s.themeCount,
    createdAt: s.createdAt.toISOString(),
    updatedAt: s.updatedAt.toISOString(),
    links: { self: taxonomyPath(s.id) },
  };
}

export function taxonomyPath(id: string): string {
  return `/${API_V1}/taxonomies/${id}`;
}

function links(id: string, version: number): TaxonomyDto['links'] {
  return { self: taxonomyPath(id), version: `${taxonomyPath(id)}?version=${version}` };
}

/** Fields in a fixed order; `patterns` only when the theme has some. */
function presentTheme(t: TaxonomyTheme): TaxonomyThemeDto {
  const keywords: Record<string, string[]> = {};
  for (const [lang, list] of Object.entries(t.keywords)) keywords[lang] = [...list];
  return { id: t.id, label: t.label, keywords, ...(t.patterns?.length ? { patterns: [...t.patterns] } : {}) };
}
