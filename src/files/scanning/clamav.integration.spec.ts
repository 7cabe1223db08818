import { randomBytes } from 'node:crypto';
import { FixtureDir } from '../parsing/testing/fixtures';
import { ClamavScanner } from './clamav.scanner';
import { ScannerUnavailableError, ScanSizeLimitError } from './scanning.errors';
import { EICAR_TEST_STRING, findClamdBinary, startTestClamd, TEST_SIGNATURE_PREFIX, type TestClamd } from './testing/test-clamd';

const clamdInstalled = findClamdBinary() !== null;
if (!clamdInstalled) {
  console.warn('clamav.integration.spec: clamd is not installed, skipping the real-clamd tests (Debian: apt-get install -y clamav-daemon).');
}
const describeWithClamd = clamdInstalled ? describe : describe.skip;
const escaped = TEST_SIGNATURE_PREFIX.replaceAll('.', '\\.');
/** clamd appends `.UNOFFICIAL` to signatures from outside its official databases. */
const FILE_SIGNATURE = new RegExp(`^${escaped}(\\.UNOFFICIAL)?$`);
const EMBEDDED_SIGNATURE = new RegExp(`^${escaped}\\.Embedded(\\.UNOFFICIAL)?$`);

describeWithClamd('ClamavScanner against a real clamd', () => {
  const fixtures = new FixtureDir();
  afterAll(() => fixtures.cleanup());

  describe('with the test signature database', () => {
    let clamd: TestClamd;
    let sut: ClamavScanner;

    beforeAll(async () => {
      clamd = (await startTestClamd())!;
      sut = new ClamavScanner(clamd.url, { timeoutMs: 10_000 });
    }, 70_000);

    afterAll(() => clamd?.stop());

    it('answers PING', async () => {
      await expect(sut.ping()).resolves.toBeUndefined();
    });

    it('passes a clean CSV', async () => {
      await expect(sut.scanFile(fixtures.write('clean.csv', 'id,comment\n1,great service\n2,slow delivery\n'))).resolves.toEqual({ infected: false });
    });

    it('passes an empty file (a bare INSTREAM terminator)', async () => {
      await expect(sut.scanFile(fixtures.write('empty.csv', ''))).resolves.toEqual({ infected: false });
    });

    it('flags the EICAR test file by its hash signature', async () => {
      const verdict = await sut.scanFile(fixtures.write('eicar.com', EICAR_TEST_STRING));

      expect(verdict).toEqual({ infected: true, signature: expect.stringMatching(FILE_SIGNATURE) });
    });

    it('flags EICAR hidden in a CSV cell by its body signature', async () => {
      const verdict = await sut.scanFile(fixtures.write('eicar.csv', `id,comment\n1,fine\n2,"${EICAR_TEST_STRING}"\n`));

      expect(verdict).toEqual({ infected: true, signature: expect.stringMatching(EMBEDDED_SIGNATURE) });
    });

    it('streams a multi-MB clean file in chunks', async () => {
      await expect(sut.scanFile(fixtures.write('big.bin', randomBytes(12 * 1024 * 1024)))).resolves.toEqual({ infected: false });
    });

    it('handles concurrent scans on separate connections', async () => {
      const clean = fixtures.write('clean-2.csv', 'id,comment\n1,ok\n');
      const infected = fixtures.write('eicar-2.com', EICAR_TEST_STRING);

      const verdicts = await Promise.all([clean, infected, clean, infected].map((path) => sut.scanFile(path)));

      expect(verdicts.map((v) => v.infected)).toEqual([false, true, false, true]);
    });
  });

  describe('with a 1 MiB StreamMaxLength', () => {
    let clamd: TestClamd;

    beforeAll(async () => {
      clamd = (await startTestClamd({ streamMaxLength: '1M' }))!;
    }, 70_000);

    afterAll(() => clamd?.stop());

    it('reports the size limit rather than a dropped connection, every time', async () => {
      const sut = new ClamavScanner(clamd.url, { timeoutMs: 10_000 });
      const path = fixtures.write('over-limit.bin', randomBytes(3 * 1024 * 1024));

      for (let i = 0; i < 10; i++) {
        await expect(sut.scanFile(path)).rejects.toBeInstanceOf(ScanSizeLimitError);
      }
    });

    it('reports clamd as unavailable once it has stopped', async () => {
      await clamd.stop();
      const sut = new ClamavScanner(clamd.url, { timeoutMs: 2000 });

      await expect(sut.scanFile(fixtures.write('after-stop.csv', 'x'))).rejects.toBeInstanceOf(ScannerUnavailableError);
    });
  });
});
