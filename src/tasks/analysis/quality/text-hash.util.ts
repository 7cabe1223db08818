import { normalizeForHash } from '../text-normalize';

/**
 * FNV-1a 64-bit over the UTF-8 bytes of `s`, as 16 lower-case hex digits.
 * Pure JS on two 32-bit lanes (no BigInt, no node:crypto) so it runs
 * anywhere and costs well under a microsecond for a short comment. Same
 * output as any reference FNV-1a 64 over UTF-8 (e.g. `fnv1a64("a")` =
 * `af63dc4c8601ec8c`). Not cryptographic: for spotting duplicates only.
 */
export function fnv1a64(s: string): string {
  // offset basis 0xcbf29ce484222325
  let hi = 0xcbf29ce4;
  let lo = 0x84222325;
  const bytes = utf8Scratch;
  for (let i = 0; i < s.length; i++) {
    let c = s.charCodeAt(i);
    let n = 1;
    if (c < 0x80) bytes[0] = c;
    else if (c < 0x800) {
      bytes[0] = 0xc0 | (c >> 6);
      bytes[1] = 0x80 | (c & 0x3f);
      n = 2;
    } else {
      const d = i + 1 < s.length ? s.charCodeAt(i + 1) : 0;
      if (c >= 0xd800 && c <= 0xdbff && d >= 0xdc00 && d <= 0xdfff) {
        c = 0x10000 + ((c - 0xd800) << 10) + (d - 0xdc00);
        i++;
        bytes[0] = 0xf0 | (c >> 18);
        bytes[1] = 0x80 | ((c >> 12) & 0x3f);
        bytes[2] = 0x80 | ((c >> 6) & 0x3f);
        bytes[3] = 0x80 | (c & 0x3f);
        n = 4;
      } else {
        // Lone surrogates are encoded as U+FFFD, like TextEncoder does.
        if (c >= 0xd800 && c <= 0xdfff) c = 0xfffd;
        bytes[0] = 0xe0 | (c >> 12);
        bytes[1] = 0x80 | ((c >> 6) & 0x3f);
        bytes[2] = 0x80 | (c & 0x3f);
        n = 3;
      }
    }
    for (let k = 0; k < n; k++) {
      lo ^= bytes[k];
      // h * prime, prime = 2^40 + 0x1b3: (hi:lo) * 0x1b3 + (lo << 40), modulo 2^64.
      const loProduct = (lo >>> 0) * 0x1b3;
      hi = (Math.imul(hi, 0x1b3) + Math.floor(loProduct / 0x100000000) + (lo << 8)) >>> 0;
      lo = loProduct >>> 0;
    }
  }
  return (hi >>> 0).toString(16).padStart(8, '0') + (lo >>> 0).toString(16).padStart(8, '0');
}

const utf8Scratch = new Uint8Array(4);

/**
 * Hash of the normalised text (see `normalizeForHash`): two comments that
 * differ only in case, accents, elongation, punctuation, spacing or repeated
 * emoji get the same hash, so the batch layer can flag duplicates.
 */
export function normalizedTextHash(text: string): string {
  return fnv1a64(normalizeForHash(text));
}
