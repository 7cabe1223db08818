import { engineFingerprint, entryKey, keyNamespace, requestFingerprint, scanPattern, taxonomyCacheId, type EngineIdentity } from './cache-keys';

describe('cache keys', () => {
  const engine: EngineIdentity = {
    name: 'sentir-local',
    version: '0.2.0',
    analyzers: [
      { name: 'eld', version: '2.1.0+medium' },
      { name: 'sentir-es-lexicon', version: '0.2.0' },
      { name: 'sentir-themes', version: '1.0.0' },
    ],
    extras: { builtInTaxonomy: 'abc' },
  };
  const ALL = ['language', 'sentiment', 'themes', 'keyphrases', 'emotion', 'pii', 'quality'];

  function key(e: EngineIdentity = engine, analyses: string[] = ALL, text = 'El internet anda muy lento', language: string | undefined = 'auto', taxonomy?: string): string {
    return entryKey(keyNamespace(e.name, e.version), requestFingerprint(engineFingerprint(e), { analyses, taxonomy }), text, language);
  }

  it('is deterministic and namespaced by engine and version', () => {
    const sut = key();
    expect(key()).toBe(sut);
    expect(sut).toMatch(/^sentir-local@0\.2\.0:[A-Za-z0-9_-]{43}$/);
  });

  it('changes when any analyzer version changes, so a stale result is never served', () => {
    const bumped = { ...engine, analyzers: engine.analyzers.map((a) => (a.name === 'sentir-themes' ? { ...a, version: '1.0.1' } : a)) };
    expect(key(bumped)).not.toBe(key());
    expect(key({ ...engine, analyzers: [...engine.analyzers, { name: 'sentir-gn-langid', version: '0.1.0' }] })).not.toBe(key());
  });

  it('changes with the engine version, the engine name and untracked inputs (the built-in taxonomy)', () => {
    expect(key({ ...engine, version: '0.2.1' })).not.toBe(key());
    expect(key({ ...engine, version: '0.2.1' }).startsWith('sentir-local@0.2.1:')).toBe(true);
    expect(key({ ...engine, name: 'other' })).not.toBe(key());
    expect(key({ ...engine, extras: { builtInTaxonomy: 'abd' } })).not.toBe(key());
  });

  it('does not depend on the order analyzers are listed in', () => {
    expect(key({ ...engine, analyzers: [...engine.analyzers].reverse() })).toBe(key());
  });

  it('changes with the options: analyses asked for, taxonomy, language hint (but not their order)', () => {
    expect(key(engine, ['language', 'sentiment'])).not.toBe(key());
    expect(key(engine, [...ALL].reverse())).toBe(key());
    const t1 = taxonomyCacheId({ id: 'default', version: 1, definition: { themes: [{ id: 'speed' }] } });
    const t2 = taxonomyCacheId({ id: 'default', version: 2, definition: { themes: [{ id: 'speed' }] } });
    const t1b = taxonomyCacheId({ id: 'default', version: 1, definition: { themes: [{ id: 'billing' }] } });
    expect(new Set([key(), key(engine, ALL, undefined, undefined, t1), key(engine, ALL, undefined, undefined, t2), key(engine, ALL, undefined, undefined, t1b)]).size).toBe(4);
    expect(key(engine, ALL, 'El internet anda muy lento', 'es')).not.toBe(key());
    expect(key(engine, ALL, 'El internet anda muy lento', 'en')).not.toBe(key(engine, ALL, 'El internet anda muy lento', 'es'));
  });

  it('keys on the exact text: offsets refer to it, so case, spacing and lone surrogates all matter', () => {
    expect(key(engine, ALL, 'el internet anda muy lento')).not.toBe(key());
    expect(key(engine, ALL, 'El internet anda muy lento ')).not.toBe(key());
    expect(key(engine, ALL, 'a\uD800b')).not.toBe(key(engine, ALL, 'a\uFFFDb'));
  });

  it('scans for a literal prefix', () => {
    expect(scanPattern('p:cache:a*b?[c]')).toBe('p:cache:a\\*b\\?\\[c\\]*');
  });
});
