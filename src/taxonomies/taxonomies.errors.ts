import { DomainError, NotFoundError } from '../common/errors/domain-error';

export class TaxonomyNotFoundError extends NotFoundError {
  constructor(id: string, version?: number) {
    super('Taxonomy', version === undefined ? id : `${id} version ${version}`);
  }
}

/** The client replaced (or deleted) a version that is no longer the current one. */
export class TaxonomyVersionConflictError extends DomainError {
  constructor(currentVersion: number) {
    super(
      'version-conflict',
      `The taxonomy is now at version ${currentVersion}, not the one you sent. Read it again (GET), reapply your change and send If-Match: W/"${currentVersion}".`,
      { currentVersion },
    );
  }
}

/** A replace must name the version it replaces, so that two editors cannot silently overwrite each other. */
export class TaxonomyPreconditionRequiredError extends DomainError {
  constructor() {
    super('precondition-required', 'Say which version you are replacing: send If-Match with the ETag you read (e.g. W/"3"), or "version" in the body.');
  }
}

export class TaxonomyLimitReachedError extends DomainError {
  constructor(limit: number) {
    super('taxonomy-limit-reached', `You already have ${limit} taxonomies, the most allowed. Delete one you no longer use.`, { limit });
  }
}

/** PUT or DELETE on the built-in taxonomy. */
export class ReadOnlyTaxonomyError extends DomainError {
  constructor() {
    super('method-not-allowed', 'The built-in taxonomy is read-only: copy its name and themes into POST /api/v1/taxonomies and edit your copy.', {}, { Allow: 'GET' });
  }
}
