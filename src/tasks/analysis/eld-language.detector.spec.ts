import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { ELD_VERSION, EldLanguageDetector, loadEldDetector, type EldLike } from './eld-language.detector';

describe('EldLanguageDetector', () => {
  let sut: EldLanguageDetector;

  beforeAll(async () => {
    sut = await loadEldDetector();
  });

  it('detects Spanish and English comments', () => {
    const [es, en] = sut.detect(['El internet anda muy lento y nadie me atiende', 'The internet is very slow and nobody answers']);
    expect(es.code).toBe('es');
    expect(en.code).toBe('en');
    for (const r of [es, en]) {
      expect(r.confidence).toBeGreaterThan(0.5);
      expect(r.confidence).toBeLessThanOrEqual(1);
    }
  });

  it("returns 'und' with confidence 0 for text with fewer than 3 letters", () => {
    for (const r of sut.detect(['ok', '👍', '10/10', '', '!!'])) expect(r).toEqual({ code: 'und', confidence: 0 });
  });

  it("returns 'und' when eld is unsure", () => {
    const unsure: EldLike = { detect: () => ({ language: 'pl', getScores: () => ({ pl: 0.8 }), isReliable: () => false }) };
    expect(new EldLanguageDetector(unsure).detect(['okey dokey'])[0].code).toBe('und');
  });

  it("returns 'und' on a near-tie between many languages", () => {
    const tie: EldLike = {
      detect: () => ({ language: 'es', getScores: () => ({ es: 0.8, pt: 0.8, ca: 0.8, gl: 0.8, it: 0.8 }), isReliable: () => true }),
    };
    expect(new EldLanguageDetector(tie).detect(['texto ambiguo'])[0].code).toBe('und');
  });

  it('records the installed eld version and database', () => {
    const pkgPath = path.join(path.dirname(require.resolve('eld/medium')), '../../package.json');
    const pkg = JSON.parse(readFileSync(pkgPath, 'utf8')) as { version: string };
    expect(ELD_VERSION).toBe(pkg.version);
    expect(sut.version).toBe(`${pkg.version}+medium`);
  });
});
