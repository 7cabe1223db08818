/**
 * Virus scanning of uploads (issue #3): clamd over INSTREAM when `CLAMAV_URL` is set,
 * a pass-through otherwise. No Nest imports; the files module wires it in.
 */
export { ClamavScanner, parseClamdUrl, parseInstreamReply } from './clamav.scanner';
export { NoopScanner } from './noop.scanner';
export { ScanErrorCode, ScanFailedError, ScannerUnavailableError, ScanSizeLimitError, VirusScanError } from './scanning.errors';
export { DEFAULT_CLAMAV_OPTIONS, type ClamavScannerOptions, type ClamdAddress, type ScanVerdict, type VirusScanner } from './scanning.types';
export { createVirusScanner, VIRUS_SCANNER } from './virus-scanner.factory';
