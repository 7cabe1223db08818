import { DomainError, NotFoundError } from '../common/errors/domain-error';
import { FileRejectedError, type FileRejectionCode } from './parsing/parsing.errors';

export class FileNotFoundError extends NotFoundError {
  constructor(id: string) {
    super('File', id);
  }
}

/** clamd found a signature. The file was not stored. */
export class FileInfectedError extends DomainError {
  constructor(signature: string) {
    super('file-infected', `The virus scanner refused the file (signature ${signature}). It was not stored.`, { reason: 'infected', signature });
  }
}

/** The multipart request itself is broken (no `file` part, truncated, bad boundary). */
export class MalformedUploadError extends DomainError {
  constructor(detail: string) {
    super('malformed-upload', detail);
  }
}

export class FileTooLargeError extends DomainError {
  constructor(limitBytes: number) {
    // The client may still be sending: close the connection rather than read the rest.
    super('file-too-large', `The file is larger than the limit of ${limitBytes} bytes (${(limitBytes / 1048576).toFixed(0)} MiB); reading stopped there.`, { limitBytes, reason: 'file_too_large' }, { Connection: 'close' });
  }
}

export class UploadMediaTypeError extends DomainError {
  constructor(detail: string) {
    super('unsupported-media-type', detail);
  }
}

/**
 * A file the parsing library refused. `reason` is the library's stable code
 * (`zip_bomb`, `json_too_deep`, `invalid_encoding`…) so clients can tell cases apart.
 */
export class FileRejectedProblem extends DomainError {
  constructor(reason: FileRejectionCode, detail: string) {
    super(reason === 'file_too_large' ? 'file-too-large' : reason === 'unsupported_media_type' ? 'unsupported-file-type' : 'file-rejected', detail, { reason });
  }

  static from(err: FileRejectedError): FileRejectedProblem {
    return new FileRejectedProblem(err.code, err.detail);
  }
}
