import { DomainError, NotFoundError } from '../common/errors/domain-error';
import type { SessionRecord } from './session.entity';
import { versionETag } from '../common/http/if-match';
import { presentSession } from './session.presenter';

export const MERGE_PATCH_TYPE = 'application/merge-patch+json';

export class SessionNotFoundError extends NotFoundError {
  constructor(id: string) {
    super('Session', id);
  }
}

/** The state would exceed SESSION_MAX_BYTES (measured on its compact JSON), or the body is far beyond it. */
export class SessionTooLargeError extends DomainError {
  constructor(limitBytes: number, sizeBytes?: number) {
    super(
      'session-too-large',
      sizeBytes === undefined
        ? `The request body is too large for a session, whose state may hold at most ${limitBytes} bytes of JSON.`
        : `The session state would be ${sizeBytes} bytes of JSON; the limit is ${limitBytes}.`,
      sizeBytes === undefined ? { limitBytes } : { limitBytes, sizeBytes },
    );
  }
}

/**
 * If-Match names a version the session is no longer at (another tab wrote first). `current`
 * is the session as it is now, so that the client can merge its change into it and retry
 * with its ETag without another GET.
 */
export class SessionVersionConflictError extends DomainError {
  constructor(current: SessionRecord) {
    const etag = versionETag(current.version);
    super(
      'version-conflict',
      `Session ${current.id} is now at version ${current.version}, not the one If-Match names. Merge your change into \`current\` and retry with If-Match: ${etag}.`,
      { currentVersion: current.version, current: presentSession(current) },
      { ETag: etag },
    );
  }
}

/** PATCH bodies are JSON Merge Patch documents and must say so. */
export class MergePatchMediaTypeError extends DomainError {
  constructor(got: string | undefined) {
    super('unsupported-media-type', `Send the patch as ${MERGE_PATCH_TYPE} (RFC 7396), got ${got ? `"${got.split(';')[0]}"` : 'no Content-Type'}.`, {}, { 'Accept-Patch': MERGE_PATCH_TYPE });
  }
}

/**
 * A patch without If-Match lost the race to other writers of the same session many times
 * in a row. Unreachable in practice (each lost race means another write succeeded); a
 * retry after a moment succeeds.
 */
export class SessionWriteContentionError extends DomainError {
  constructor(id: string) {
    super('service-unavailable', `Session ${id} is being changed by too many writers at once; retry shortly.`, { service: 'postgresql' }, { 'Retry-After': '1' });
  }
}
