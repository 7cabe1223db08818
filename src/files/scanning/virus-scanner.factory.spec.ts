import { ClamavScanner } from './clamav.scanner';
import { NoopScanner } from './noop.scanner';
import { createVirusScanner } from './virus-scanner.factory';

describe('createVirusScanner', () => {
  it('scans with clamd when a URL is configured', () => {
    expect(createVirusScanner('tcp://127.0.0.1:3310')).toBeInstanceOf(ClamavScanner);
  });

  it('lets every file pass when scanning is off', async () => {
    const sut = createVirusScanner(undefined);

    expect(sut).toBeInstanceOf(NoopScanner);
    await expect(sut.scanFile('/does/not/matter')).resolves.toEqual({ infected: false });
  });

  it('refuses a malformed URL at construction, not at the first upload', () => {
    expect(() => createVirusScanner('clamd.internal:3310')).toThrow(/not supported/);
  });
});
