import { fnv1a64, normalizedTextHash } from './text-hash.util';

describe('fnv1a64', () => {
  // Reference vectors of FNV-1a 64 (Fowler/Noll/Vo test suite).
  it.each([
    ['', 'cbf29ce484222325'],
    ['a', 'af63dc4c8601ec8c'],
    ['foobar', '85944171f73967e8'],
  ])('hashes %j to %s', (input, hash) => {
    expect(fnv1a64(input)).toBe(hash);
  });

  it('hashes UTF-8 bytes (2-, 3- and 4-byte characters, lone surrogates as U+FFFD)', () => {
    const viaBytes = (s: string) => {
      let h = 0xcbf29ce484222325n;
      for (const b of new TextEncoder().encode(s)) h = ((h ^ BigInt(b)) * 0x100000001b3n) & 0xffffffffffffffffn;
      return h.toString(16).padStart(16, '0');
    };
    for (const s of ['señal', '€', '😡👍🏽', 'a\ud800b', 'mixed ñ € 😡 text']) expect(fnv1a64(s)).toBe(viaBytes(s));
  });
});

describe('normalizedTextHash', () => {
  it('gives near-identical comments the same hash', () => {
    const h = normalizedTextHash('Pésimo servicio!!!');
    expect(normalizedTextHash('  pesimo   SERVICIOOO ')).toBe(h);
    expect(normalizedTextHash('pésimo, servicio.')).toBe(h);
    expect(normalizedTextHash('Buen servicio')).not.toBe(h);
  });

  it('is 16 hex digits', () => {
    expect(normalizedTextHash('hola')).toMatch(/^[0-9a-f]{16}$/);
  });
});
