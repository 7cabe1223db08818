/** Why a scan gave no verdict. Stable strings, for logs and metrics. */
export const ScanErrorCode = {
  ScannerUnavailable: 'scanner_unavailable',
  ScanFailed: 'scan_failed',
  SizeLimitExceeded: 'scan_size_limit_exceeded',
} as const;

export type ScanErrorCode = (typeof ScanErrorCode)[keyof typeof ScanErrorCode];

/**
 * The scanner gave no verdict: the file is neither clean nor infected, and must not be
 * accepted as if it were clean. Messages are for operators (they name the clamd address
 * and quote its reply), not for uploaders.
 *
 * Deliberately not a `DomainError`: this library has no HTTP knowledge; the files
 * module picks the problem type.
 */
export class VirusScanError extends Error {
  constructor(
    readonly code: ScanErrorCode,
    message: string,
    options?: ErrorOptions,
  ) {
    super(message, options);
    this.name = new.target.name;
  }
}

/** clamd could not be reached, dropped the connection, or did not answer in time. Transient: retry later. */
export class ScannerUnavailableError extends VirusScanError {
  constructor(message: string, options?: ErrorOptions) {
    super(ScanErrorCode.ScannerUnavailable, message, options);
  }
}

/** clamd answered, but with an `ERROR` for this file (or a reply this client does not understand). */
export class ScanFailedError extends VirusScanError {
  constructor(
    message: string,
    /** clamd's reply, NUL stripped. */
    readonly reply: string,
  ) {
    super(ScanErrorCode.ScanFailed, message);
  }
}

/**
 * clamd replied `INSTREAM size limit exceeded`: the file is larger than its
 * `StreamMaxLength`. An operator fix (raise it above the upload limit), not a verdict.
 */
export class ScanSizeLimitError extends VirusScanError {
  constructor(readonly reply: string) {
    super(
      ScanErrorCode.SizeLimitExceeded,
      `clamd refused the file: it is larger than clamd's StreamMaxLength (reply "${reply}"). Set StreamMaxLength in clamd.conf above the upload size limit.`,
    );
  }
}
