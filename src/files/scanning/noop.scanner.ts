import type { ScanVerdict, VirusScanner } from './scanning.types';

/** The scanner when `CLAMAV_URL` is unset: scanning is off and every file passes. */
export class NoopScanner implements VirusScanner {
  async scanFile(): Promise<ScanVerdict> {
    return { infected: false };
  }
}
