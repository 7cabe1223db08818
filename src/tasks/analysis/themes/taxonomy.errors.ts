import type { TaxonomyIssue } from './theme.types';

/** Thrown by `compileTaxonomy` for input that `validateTaxonomy` rejects. */
export class InvalidTaxonomyError extends Error {
  readonly code = 'INVALID_TAXONOMY';

  constructor(readonly issues: readonly TaxonomyIssue[]) {
    super(`Invalid taxonomy: ${issues.length} issue(s), first: ${issues[0]?.path} ${issues[0]?.message}`);
    this.name = 'InvalidTaxonomyError';
  }
}
