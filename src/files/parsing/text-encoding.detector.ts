import { isUtf8 } from 'node:buffer';
import { createReadStream } from 'node:fs';
import { TextDecoder } from 'node:util';
import * as iconv from 'iconv-lite';
import { FileRejectedError } from './parsing.errors';
import type { TextEncoding } from './parsing.types';

export interface DetectedEncoding {
  encoding: TextEncoding;
  /** Bytes of byte-order mark to skip. */
  bomLength: number;
}

const CHUNK = 64 * 1024;

/**
 * Decides how a text file is encoded by reading all of it once (≤ 50 MB; `isUtf8` is
 * native and fast), so that a Windows-1252 file whose first accented letter sits at
 * byte 10,000,000 is still decoded right instead of being mangled half-way. It cannot
 * stop early: valid UTF-8 is only proven at the end (an `é` near the top reads as `Ã©`
 * once a later byte makes the file Windows-1252), and the binary check is a rate over the
 * whole file. Measured at ~3 ms/MB from the page cache, ~2% of a parse:
 *
 * - BOM first: UTF-8, UTF-16 LE, UTF-16 BE. UTF-16 must have an even length and no
 *   unpaired surrogates; UTF-32 is refused.
 * - No BOM: valid UTF-8 stays UTF-8, anything else is read as Windows-1252 (a superset
 *   of Latin-1's printable range, the usual Excel "CSV" on Spanish Windows).
 * - NUL bytes, or more than a few C0 control bytes per thousand, mean binary data or
 *   UTF-16 without a BOM: `invalid_encoding`, never a silent mojibake.
 */
export async function detectTextEncoding(path: string): Promise<DetectedEncoding> {
  const stream = createReadStream(path, { highWaterMark: CHUNK });
  try {
    let scanner: EncodingScanner | undefined;
    for await (const chunk of stream as AsyncIterable<Buffer>) {
      scanner ??= scannerFor(chunk);
      scanner.push(chunk);
    }
    if (!scanner) return { encoding: 'utf-8', bomLength: 0 };
    return scanner.finish();
  } finally {
    stream.destroy();
  }
}

interface EncodingScanner {
  push(chunk: Buffer): void;
  finish(): DetectedEncoding;
}

function scannerFor(first: Buffer): EncodingScanner {
  if (first.length >= 4 && first.readUInt32BE(0) === 0x0000feff) throw utf32();
  if (first.length >= 4 && first.readUInt32LE(0) === 0x0000feff) throw utf32();
  if (first[0] === 0xff && first[1] === 0xfe) return new Utf16Scanner('utf-16le');
  if (first[0] === 0xfe && first[1] === 0xff) return new Utf16Scanner('utf-16be');
  const bomLength = first[0] === 0xef && first[1] === 0xbb && first[2] === 0xbf ? 3 : 0;
  return new ByteTextScanner(bomLength);
}

function utf32(): FileRejectedError {
  return new FileRejectedError('invalid_encoding', 'The file is UTF-32, which is not supported. Save it as UTF-8.');
}

class Utf16Scanner implements EncodingScanner {
  private readonly decoder: TextDecoder;
  private bytes = 0;
  private skipBom = true;

  constructor(private readonly encoding: 'utf-16le' | 'utf-16be') {
    this.decoder = new TextDecoder(encoding, { fatal: true, ignoreBOM: true });
  }

  push(chunk: Buffer): void {
    this.bytes += chunk.length;
    const data = this.skipBom ? chunk.subarray(2) : chunk;
    this.skipBom = false;
    let text: string;
    try {
      text = this.decoder.decode(data, { stream: true });
    } catch {
      throw new FileRejectedError('invalid_encoding', `The file starts with a ${this.encoding.toUpperCase()} byte-order mark but contains invalid ${this.encoding.toUpperCase()} (unpaired surrogates).`);
    }
    if (text.includes('\u0000')) throw new FileRejectedError('invalid_encoding', 'The file contains NUL characters: it is binary data, not text.');
  }

  finish(): DetectedEncoding {
    if ((this.bytes - 2) % 2 !== 0) {
      throw new FileRejectedError('invalid_encoding', `The file starts with a ${this.encoding.toUpperCase()} byte-order mark but has an odd number of bytes: it is truncated or not UTF-16.`);
    }
    try {
      this.decoder.decode();
    } catch {
      throw new FileRejectedError('invalid_encoding', `The file ends in the middle of a ${this.encoding.toUpperCase()} character.`);
    }
    return { encoding: this.encoding, bomLength: 2 };
  }
}

/** Validates UTF-8 across chunk boundaries and counts bytes no text file contains. */
class ByteTextScanner implements EncodingScanner {
  private utf8 = true;
  private carry: Buffer = Buffer.alloc(0);
  private bytes = 0;
  private controls = 0;
  private undefined1252 = 0;

  constructor(private readonly bomLength: number) {}

  push(chunk: Buffer): void {
    this.bytes += chunk.length;
    if (chunk.includes(0)) {
      throw new FileRejectedError('invalid_encoding', 'The file contains NUL bytes: it is binary data, or UTF-16 without a byte-order mark (save it as UTF-8).');
    }
    const counts = countSuspectBytes(chunk);
    this.controls += counts.controls;
    this.undefined1252 += counts.undefined1252;
    if (this.utf8) {
      const data = this.carry.length ? Buffer.concat([this.carry, chunk]) : chunk;
      const cut = completeUtf8Prefix(data);
      if (!isUtf8(data.subarray(0, cut))) this.utf8 = false;
      this.carry = Buffer.from(data.subarray(cut));
    }
  }

  finish(): DetectedEncoding {
    const utf8 = this.utf8 && this.carry.length === 0;
    // 0x81, 0x8D… are ordinary continuation bytes in UTF-8; only in 8-bit text are they junk.
    const suspect = this.controls + (utf8 ? 0 : this.undefined1252);
    if (suspect > Math.max(16, this.bytes / 1000)) {
      throw new FileRejectedError('invalid_encoding', `The file contains ${suspect} control or undefined bytes: it looks like binary data, not text.`);
    }
    if (utf8) return { encoding: 'utf-8', bomLength: this.bomLength };
    if (this.bomLength > 0) {
      throw new FileRejectedError('invalid_encoding', 'The file starts with a UTF-8 byte-order mark but is not valid UTF-8.');
    }
    return { encoding: 'windows-1252', bomLength: 0 };
  }
}

/**
 * Length of the longest prefix that does not end inside a multi-byte UTF-8 sequence, so
 * each chunk can be validated alone. A sequence longer than 4 bytes is left to isUtf8.
 */
export function completeUtf8Prefix(data: Buffer): number {
  const n = data.length;
  for (let back = 1; back <= Math.min(3, n); back++) {
    const b = data[n - back];
    if ((b & 0xc0) === 0x80) continue; // continuation byte: keep looking for the lead
    const need = b >= 0xf0 ? 4 : b >= 0xe0 ? 3 : b >= 0xc0 ? 2 : 1;
    return need > back ? n - back : n;
  }
  return n;
}

/**
 * C0 controls other than TAB, LF, VT, FF, CR and SUB (0x1A, the old DOS end-of-file), plus
 * the five bytes Windows-1252 leaves undefined. A handful is tolerated: real exports do
 * contain the odd stray control character.
 */
function countSuspectBytes(chunk: Buffer): { controls: number; undefined1252: number } {
  // Chunks are at most 64 KiB, so both counts fit exactly in one double.
  let packed = 0;
  for (let i = 0; i < chunk.length; i++) packed += SUSPECT[chunk[i]];
  return { controls: packed % UNDEFINED_1252, undefined1252: Math.floor(packed / UNDEFINED_1252) };
}

/** Per-byte weights: 1 for a suspicious control, 2^32 for a byte Windows-1252 leaves undefined. */
const UNDEFINED_1252 = 2 ** 32;
const SUSPECT = (() => {
  const table = new Float64Array(256);
  for (let b = 0; b < 0x20; b++) if (![0x09, 0x0a, 0x0b, 0x0c, 0x0d, 0x1a].includes(b)) table[b] = 1;
  table[0x7f] = 1;
  for (const b of [0x81, 0x8d, 0x8f, 0x90, 0x9d]) table[b] = UNDEFINED_1252;
  return table;
})();

/**
 * Streams the file as decoded text chunks (BOM removed). The encoding must come from
 * {@link detectTextEncoding}, which already proved the bytes valid for it.
 */
export async function* readDecodedText(path: string, detected: DetectedEncoding, highWaterMark = CHUNK): AsyncGenerator<string> {
  const decoder = iconv.getDecoder(detected.encoding, { stripBOM: false });
  const stream = createReadStream(path, { start: detected.bomLength, highWaterMark });
  try {
    for await (const chunk of stream as AsyncIterable<Buffer>) {
      const text = decoder.write(chunk);
      if (text) yield text;
    }
    const tail = decoder.end();
    if (tail) yield tail;
  } finally {
    stream.destroy();
  }
}
