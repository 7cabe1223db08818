import { FieldError, ValidationFailedError } from '../common/errors/domain-error';
import { TAXONOMY_LIMITS, validateTaxonomy } from '../tasks/analysis/themes/taxonomy.validator';
import type { Taxonomy, TaxonomyTheme } from '../tasks/analysis/themes/theme.types';
import type { TaxonomyDefinition } from './taxonomy.entity';

const THEME_FIELDS = new Set(['id', 'label', 'keywords', 'patterns']);

/**
 * Checks a taxonomy sent by a client with the theme engine's own validator, so that whatever
 * is stored here compiles in the workers. Issues become `validation-failed` field errors with
 * the validator's paths (`themes[2].keywords.es[0]`). Unknown theme fields are refused, like
 * unknown body fields everywhere else, rather than stored and silently ignored.
 */
export function checkTaxonomyInput(name: string, themes: unknown): TaxonomyDefinition {
  // The validator wants a whole Taxonomy; id and version are ours (a uuid and an integer), not the client's.
  const errors: FieldError[] = validateTaxonomy({ id: 'user-taxonomy', name, version: '1', themes })
    .filter((issue) => issue.path !== 'id' && issue.path !== 'version')
    .map((issue) => ({ field: issue.path || 'body', message: issue.message }));
  if (Array.isArray(themes) && themes.length <= TAXONOMY_LIMITS.maxThemes) {
    themes.forEach((theme: unknown, t) => {
      if (typeof theme !== 'object' || theme === null || Array.isArray(theme)) return;
      for (const key of Object.keys(theme)) {
        if (!THEME_FIELDS.has(key)) errors.push({ field: `themes[${t}].${key}`, message: 'is not a theme field (id, label, keywords, patterns)' });
      }
    });
  }
  if (errors.length > 0) throw new ValidationFailedError(errors.slice(0, TAXONOMY_LIMITS.maxIssues));
  return { themes: themes as TaxonomyTheme[] };
}

/** A stored taxonomy in the shape `compileTaxonomy` takes. A uuid is a valid taxonomy slug. */
export function toEngineTaxonomy(t: { id: string; name: string; version: number; definition: TaxonomyDefinition }): Taxonomy {
  return { id: t.id, name: t.name, version: String(t.version), themes: t.definition.themes };
}
