import { ClamavScanner } from './clamav.scanner';
import { NoopScanner } from './noop.scanner';
import type { ClamavScannerOptions, VirusScanner } from './scanning.types';

/** Injection token for the `VirusScanner` the files module provides. */
export const VIRUS_SCANNER = Symbol('VIRUS_SCANNER');

/** Scanning is on only when a clamd URL is configured (`CLAMAV_URL`). */
export function createVirusScanner(clamavUrl: string | undefined, options: Partial<ClamavScannerOptions> = {}): VirusScanner {
  return clamavUrl ? new ClamavScanner(clamavUrl, options) : new NoopScanner();
}
