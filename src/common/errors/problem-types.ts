/**
 * The catalogue of problem types (RFC 9457). Each `type` URI is stable and documented
 * in README.md ("Problem types"); clients may switch on it. Only the exception filter
 * maps these to HTTP status codes.
 */
export const PROBLEM_BASE_URI = 'https://sentir.dev/problems/';

export const ProblemCatalog = {
  'validation-failed': { status: 400, title: 'Your request is not valid' },
  'malformed-json': { status: 400, title: 'The request body is not valid JSON' },
  'invalid-header': { status: 400, title: 'A request header is not valid' },
  'invalid-cursor': { status: 400, title: 'The pagination cursor is not valid' },
  unauthorized: { status: 401, title: 'Authentication required' },
  forbidden: { status: 403, title: 'You are not allowed to do this' },
  'not-found': { status: 404, title: 'Resource not found' },
  'route-not-found': { status: 404, title: 'No such route' },
  'method-not-allowed': { status: 405, title: 'Method not allowed' },
  'idempotency-key-conflict': { status: 409, title: 'Idempotency-Key reused with a different request' },
  'task-state-conflict': { status: 409, title: 'The task is not in a state that allows this' },
  'taxonomy-limit-reached': { status: 409, title: 'You have as many taxonomies as allowed' },
  'version-conflict': { status: 412, title: 'The resource changed since you read it' },
  'payload-too-large': { status: 413, title: 'Request body too large' },
  'session-too-large': { status: 413, title: 'The session state is too large' },
  'unsupported-media-type': { status: 415, title: 'Unsupported media type' },
  'precondition-required': { status: 428, title: 'This request must say which version it changes' },
  'unprocessable-input': { status: 422, title: 'The input cannot be processed' },
  'engine-unavailable': { status: 422, title: 'The requested analysis engine is not available' },
  'file-rejected': { status: 422, title: 'The uploaded file cannot be used' },
  'file-too-large': { status: 413, title: 'The uploaded file is too large' },
  'file-infected': { status: 422, title: 'The uploaded file contains malware' },
  'unsupported-file-type': { status: 415, title: 'The file type is not supported or does not match its content' },
  'malformed-upload': { status: 400, title: 'The multipart upload is not valid' },
  'rate-limited': { status: 429, title: 'Too many requests' },
  'internal-error': { status: 500, title: 'Internal server error' },
  'service-unavailable': { status: 503, title: 'A backing service is unavailable' },
} as const;

export type ProblemCode = keyof typeof ProblemCatalog;

export function problemTypeUri(code: ProblemCode): string {
  return PROBLEM_BASE_URI + code;
}
