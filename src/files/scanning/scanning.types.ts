/**
 * Public contract of virus scanning (`src/files/scanning`). The files service calls
 * `scanFile` on the upload's temporary file before parsing it (issue #3).
 */

/** What a scanner concluded about one file. Anything else (no answer, clamd error) is thrown. */
export type ScanVerdict = { infected: false } | { infected: true; signature: string };

export interface VirusScanner {
  /**
   * Scans the file at `path` without loading it whole into memory.
   * @throws {@link VirusScanError} when no verdict could be had; never resolves "clean" on failure.
   */
  scanFile(path: string): Promise<ScanVerdict>;
}

export interface ClamavScannerOptions {
  /**
   * Deadline for one whole scan or ping: connect, stream the file, wait for the verdict.
   * It must cover scanning the largest accepted upload with clamd's full signature set.
   */
  timeoutMs: number;
  /**
   * Bytes read from disk and sent per INSTREAM chunk: about the most one scan holds in
   * memory. clamd refuses a chunk larger than its `StreamMaxLength`.
   */
  chunkSize: number;
}

export const DEFAULT_CLAMAV_OPTIONS: Readonly<ClamavScannerOptions> = Object.freeze({
  timeoutMs: 30_000,
  chunkSize: 64 * 1024,
});

/** Where clamd listens, parsed from `tcp://host:port` or `unix:///path`. */
export type ClamdAddress = { host: string; port: number } | { path: string };
