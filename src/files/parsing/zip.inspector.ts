import { createReadStream } from 'node:fs';
import { open, type FileHandle } from 'node:fs/promises';
import { createInflateRaw, crc32 } from 'node:zlib';
import { FileRejectedError } from './parsing.errors';
import type { FileLimits } from './parsing.types';

/** One ZIP member as the central directory declares it. */
export interface ZipEntry {
  name: string;
  flags: number;
  method: number;
  crc32: number;
  compressedSize: number;
  uncompressedSize: number;
  localHeaderOffset: number;
}

export interface CentralDirectory {
  entries: ZipEntry[];
  /** Where the central directory starts: the end of the last entry's data. */
  offset: number;
  fileSize: number;
}

export type ZipLimits = Pick<FileLimits, 'maxUncompressedBytes' | 'maxCompressionRatio' | 'maxZipEntries'>;

const SIG_LOCAL = 0x04034b50;
const SIG_CENTRAL = 0x02014b50;
const SIG_EOCD = 0x06054b50;
const SIG_ZIP64_EOCD = 0x06064b50;
const SIG_ZIP64_LOCATOR = 0x07064b50;
const SIG_DESCRIPTOR = Buffer.from([0x50, 0x4b, 0x07, 0x08]);
const EOCD_SIZE = 22;
const MAX_COMMENT = 0xffff;
/** Ratios of tiny entries mean nothing (a 40-byte rels file can compress 1:1 or 1:50). */
const RATIO_FLOOR_BYTES = 1024 * 1024;
const FLAG_ENCRYPTED = 0x0001;
const FLAG_DESCRIPTOR = 0x0008;
const FLAG_STRONG_ENCRYPTION = 0x0040;

function malformed(detail: string): FileRejectedError {
  return new FileRejectedError('malformed_xlsx', `The workbook's ZIP structure is damaged: ${detail}`);
}

function bomb(detail: string): FileRejectedError {
  return new FileRejectedError('zip_bomb', detail);
}

/**
 * Reads the ZIP end-of-central-directory record and the central directory, and
 * refuses archives whose *declared* shape is hostile: too many entries, a declared
 * total uncompressed size over the limit, or an entry whose ratio is over the limit.
 * Nothing is decompressed here; {@link verifyZipContents} checks that the data keeps
 * the promises the directory makes.
 */
export async function readCentralDirectory(path: string, limits: ZipLimits): Promise<CentralDirectory> {
  const fh = await open(path, 'r');
  try {
    const { size: fileSize } = await fh.stat();
    const tailLength = Math.min(fileSize, EOCD_SIZE + MAX_COMMENT);
    const tail = await readAt(fh, fileSize - tailLength, tailLength);
    const eocdAt = findEocd(tail);
    if (eocdAt < 0) throw malformed('no end-of-central-directory record.');
    const eocdOffset = fileSize - tailLength + eocdAt;

    let entryCount = tail.readUInt16LE(eocdAt + 10);
    let cdSize = tail.readUInt32LE(eocdAt + 12);
    let cdOffset = tail.readUInt32LE(eocdAt + 16);
    if (tail.readUInt16LE(eocdAt + 4) !== 0 || tail.readUInt16LE(eocdAt + 6) !== 0 || tail.readUInt16LE(eocdAt + 8) !== entryCount) {
      throw malformed('multi-disk archives are not supported.');
    }
    if (entryCount === 0xffff || cdSize === 0xffffffff || cdOffset === 0xffffffff) {
      ({ entryCount, cdSize, cdOffset } = await readZip64Eocd(fh, eocdOffset));
    }
    if (entryCount > limits.maxZipEntries) {
      throw bomb(`The workbook has ${entryCount} ZIP entries; at most ${limits.maxZipEntries} are accepted.`);
    }
    if (cdOffset + cdSize > eocdOffset) throw malformed('the central directory overlaps its end record.');

    const cd = await readAt(fh, cdOffset, cdSize);
    const entries = parseCentralDirectory(cd, entryCount);
    checkDeclaredSizes(entries, limits);
    return { entries, offset: cdOffset, fileSize };
  } finally {
    await fh.close();
  }
}

function findEocd(tail: Buffer): number {
  for (let i = tail.length - EOCD_SIZE; i >= 0; i--) {
    if (tail.readUInt32LE(i) === SIG_EOCD && i + EOCD_SIZE + tail.readUInt16LE(i + 20) === tail.length) return i;
  }
  return -1;
}

async function readZip64Eocd(fh: FileHandle, eocdOffset: number): Promise<{ entryCount: number; cdSize: number; cdOffset: number }> {
  if (eocdOffset < 20) throw malformed('ZIP64 locator missing.');
  const locator = await readAt(fh, eocdOffset - 20, 20);
  if (locator.readUInt32LE(0) !== SIG_ZIP64_LOCATOR) throw malformed('ZIP64 locator missing.');
  const recordOffset = safeNumber(locator.readBigUInt64LE(8));
  const record = await readAt(fh, recordOffset, 56);
  if (record.readUInt32LE(0) !== SIG_ZIP64_EOCD) throw malformed('ZIP64 end record missing.');
  return {
    entryCount: safeNumber(record.readBigUInt64LE(32)),
    cdSize: safeNumber(record.readBigUInt64LE(40)),
    cdOffset: safeNumber(record.readBigUInt64LE(48)),
  };
}

function parseCentralDirectory(cd: Buffer, entryCount: number): ZipEntry[] {
  const entries: ZipEntry[] = [];
  let p = 0;
  for (let i = 0; i < entryCount; i++) {
    if (p + 46 > cd.length || cd.readUInt32LE(p) !== SIG_CENTRAL) throw malformed(`central directory entry ${i + 1} is missing.`);
    const nameLength = cd.readUInt16LE(p + 28);
    const extraLength = cd.readUInt16LE(p + 30);
    const commentLength = cd.readUInt16LE(p + 32);
    if (p + 46 + nameLength + extraLength + commentLength > cd.length) throw malformed('a central directory entry is truncated.');
    const entry: ZipEntry = {
      name: cd.toString('utf8', p + 46, p + 46 + nameLength),
      flags: cd.readUInt16LE(p + 8),
      method: cd.readUInt16LE(p + 10),
      crc32: cd.readUInt32LE(p + 16),
      compressedSize: cd.readUInt32LE(p + 20),
      uncompressedSize: cd.readUInt32LE(p + 24),
      localHeaderOffset: cd.readUInt32LE(p + 42),
    };
    applyZip64Extra(entry, cd.subarray(p + 46 + nameLength, p + 46 + nameLength + extraLength), true);
    entries.push(entry);
    p += 46 + nameLength + extraLength + commentLength;
  }
  if (p !== cd.length) throw malformed('the central directory holds more records than its end record says.');
  return entries;
}

/** ZIP64 "extended information" extra field: 64-bit values for the fields saturated at 0xFFFFFFFF. */
function applyZip64Extra(entry: Pick<ZipEntry, 'compressedSize' | 'uncompressedSize'> & { localHeaderOffset?: number }, extra: Buffer, central: boolean): void {
  for (let q = 0; q + 4 <= extra.length; ) {
    const id = extra.readUInt16LE(q);
    const size = extra.readUInt16LE(q + 2);
    if (id === 0x0001) {
      let r = q + 4;
      const next = (): number => {
        if (r + 8 > q + 4 + size) throw malformed('a ZIP64 extra field is truncated.');
        const v = safeNumber(extra.readBigUInt64LE(r));
        r += 8;
        return v;
      };
      if (entry.uncompressedSize === 0xffffffff) entry.uncompressedSize = next();
      if (entry.compressedSize === 0xffffffff) entry.compressedSize = next();
      if (central && entry.localHeaderOffset === 0xffffffff) entry.localHeaderOffset = next();
    }
    q += 4 + size;
  }
}

function checkDeclaredSizes(entries: ZipEntry[], limits: ZipLimits): void {
  let total = 0;
  for (const e of entries) {
    total += e.uncompressedSize;
    if (total > limits.maxUncompressedBytes) {
      throw bomb(`The workbook declares more than ${formatBytes(limits.maxUncompressedBytes)} of uncompressed data.`);
    }
    if (e.uncompressedSize > RATIO_FLOOR_BYTES && e.uncompressedSize / Math.max(1, e.compressedSize) > limits.maxCompressionRatio) {
      throw bomb(`ZIP entry "${shortName(e.name)}" expands ${Math.round(e.uncompressedSize / Math.max(1, e.compressedSize))}-fold; at most ${limits.maxCompressionRatio}-fold is accepted.`);
    }
    if (e.flags & (FLAG_ENCRYPTED | FLAG_STRONG_ENCRYPTION)) {
      throw new FileRejectedError('unsupported_media_type', 'The workbook is encrypted. Remove the password and upload it again.');
    }
    if (e.method !== 0 && e.method !== 8) {
      throw new FileRejectedError('unsupported_media_type', `ZIP entry "${shortName(e.name)}" uses compression method ${e.method}; only stored and deflate are supported.`);
    }
  }
}

export interface VerifyOptions {
  /** Entries to decompress fully and scan for `<!` declarations. */
  scan: (name: string) => boolean;
  /** Entries whose decompressed text to return (bounded by `captureLimit` bytes each). */
  capture: (name: string) => boolean;
  captureLimit?: number;
}

export interface VerifiedZip {
  /** Entries in file order, exactly as a sequential reader (unzipper) will see them. */
  entries: ZipEntry[];
  captured: Map<string, string>;
}

/**
 * Walks the archive the way a *streaming* reader does (front to back, trusting local
 * headers) and proves it agrees with the central directory: entries tile the file with
 * no gaps, overlaps or hidden members, names and sizes match, and every entry inflates
 * to exactly its declared size (a lying header is a `zip_bomb`) with a matching CRC.
 * XML entries are scanned for `<!DOCTYPE`/`<!ENTITY` (`xml_entities`): anything after
 * `<!` other than a comment or CDATA is refused, whatever its case.
 *
 * This costs one extra inflate pass (~1 s per 300 MB of XML); it is what lets the
 * exceljs streaming reader, which trusts local headers, run on hostile input.
 */
export async function verifyZipContents(path: string, directory: CentralDirectory, options: VerifyOptions): Promise<VerifiedZip> {
  const entries = [...directory.entries].sort((a, b) => a.localHeaderOffset - b.localHeaderOffset);
  const captured = new Map<string, string>();
  const fh = await open(path, 'r');
  try {
    let expectedOffset = 0;
    for (const entry of entries) {
      if (entry.localHeaderOffset !== expectedOffset) {
        throw malformed(`entry "${shortName(entry.name)}" does not start where the previous one ends (hidden or overlapping data).`);
      }
      const local = await readLocalHeader(fh, entry, directory.fileSize);
      await inflateEntry(path, entry, local.dataStart, local.sizeInLocalHeader, options, captured);
      expectedOffset = local.dataStart + entry.compressedSize + (local.sizeInLocalHeader ? 0 : SIG_DESCRIPTOR.length + 12);
      if (!local.sizeInLocalHeader) await checkDescriptor(fh, entry, local.dataStart + entry.compressedSize);
    }
    if (expectedOffset !== directory.offset) throw malformed('there is data between the last entry and the central directory.');
    return { entries, captured };
  } finally {
    await fh.close();
  }
}

interface LocalHeader {
  dataStart: number;
  /** false when sizes come in a trailing data descriptor (general-purpose flag bit 3). */
  sizeInLocalHeader: boolean;
}

async function readLocalHeader(fh: FileHandle, entry: ZipEntry, fileSize: number): Promise<LocalHeader> {
  if (entry.localHeaderOffset + 30 > fileSize) throw malformed(`entry "${shortName(entry.name)}" points past the end of the file.`);
  const fixed = await readAt(fh, entry.localHeaderOffset, 30);
  if (fixed.readUInt32LE(0) !== SIG_LOCAL) throw malformed(`entry "${shortName(entry.name)}" has no local header.`);
  const flags = fixed.readUInt16LE(6);
  const method = fixed.readUInt16LE(8);
  const nameLength = fixed.readUInt16LE(26);
  const extraLength = fixed.readUInt16LE(28);
  const variable = await readAt(fh, entry.localHeaderOffset + 30, nameLength + extraLength);
  const name = variable.toString('utf8', 0, nameLength);
  const sizes = { compressedSize: fixed.readUInt32LE(18), uncompressedSize: fixed.readUInt32LE(22) };
  applyZip64Extra(sizes, variable.subarray(nameLength), false);

  if (name !== entry.name) throw malformed(`local name "${shortName(name)}" differs from the directory's "${shortName(entry.name)}".`);
  if (method !== entry.method || (flags & (FLAG_ENCRYPTED | FLAG_STRONG_ENCRYPTION)) !== (entry.flags & (FLAG_ENCRYPTED | FLAG_STRONG_ENCRYPTION))) {
    throw malformed(`entry "${shortName(entry.name)}" has a local header that disagrees with the directory.`);
  }
  // Mirrors unzipper: the size is "known" unless bit 3 is set AND the local size is 0.
  const sizeInLocalHeader = !(flags & FLAG_DESCRIPTOR) || sizes.compressedSize > 0;
  if (sizeInLocalHeader && (sizes.compressedSize !== entry.compressedSize || sizes.uncompressedSize !== entry.uncompressedSize)) {
    throw malformed(`entry "${shortName(entry.name)}" declares different sizes in its local header.`);
  }
  const dataStart = entry.localHeaderOffset + 30 + nameLength + extraLength;
  if (dataStart + entry.compressedSize > fileSize) throw malformed(`entry "${shortName(entry.name)}" runs past the end of the file.`);
  return { dataStart, sizeInLocalHeader };
}

/** unzipper reads a 16-byte descriptor (signature, CRC, 32-bit sizes); anything else would desynchronise it. */
async function checkDescriptor(fh: FileHandle, entry: ZipEntry, at: number): Promise<void> {
  const d = await readAt(fh, at, 16);
  if (!d.subarray(0, 4).equals(SIG_DESCRIPTOR) || d.readUInt32LE(8) !== entry.compressedSize || d.readUInt32LE(12) !== entry.uncompressedSize) {
    throw malformed(`entry "${shortName(entry.name)}" has a data descriptor that disagrees with the directory.`);
  }
}

async function inflateEntry(
  path: string,
  entry: ZipEntry,
  dataStart: number,
  sizeInLocalHeader: boolean,
  options: VerifyOptions,
  captured: Map<string, string>,
): Promise<void> {
  const scan = options.scan(entry.name);
  const capture = options.capture(entry.name);
  const captureLimit = options.captureLimit ?? 4 * 1024 * 1024;
  const captureParts: Buffer[] = [];
  let capturedBytes = 0;
  let produced = 0;
  let crc = 0;
  const scanner = new DeclarationScanner(entry.name);

  const onData = (chunk: Buffer): void => {
    produced += chunk.length;
    if (produced > entry.uncompressedSize) {
      throw bomb(`ZIP entry "${shortName(entry.name)}" inflates beyond the ${formatBytes(entry.uncompressedSize)} it declares.`);
    }
    crc = crc32(chunk, crc);
    if (scan) scanner.push(chunk);
    if (capture && capturedBytes < captureLimit) {
      captureParts.push(chunk);
      capturedBytes += chunk.length;
    }
  };

  if (entry.compressedSize > 0) {
    const raw = createReadStream(path, { start: dataStart, end: dataStart + entry.compressedSize - 1, highWaterMark: 64 * 1024 });
    // When sizes live in a trailing descriptor, unzipper finds the end of the data by
    // searching for the descriptor signature: it must not occur inside the data.
    let carry = Buffer.alloc(0);
    const inflater = entry.method === 8 ? createInflateRaw({ chunkSize: 64 * 1024 }) : undefined;
    try {
      await new Promise<void>((resolve, reject) => {
        const fail = (err: unknown): void => {
          raw.destroy();
          inflater?.destroy();
          reject(err);
        };
        raw.on('error', fail);
        raw.on('data', (data: string | Buffer) => {
          const chunk = data as Buffer;
          if (!sizeInLocalHeader) {
            const window = Buffer.concat([carry, chunk]);
            if (window.indexOf(SIG_DESCRIPTOR) >= 0) return fail(malformed(`entry "${shortName(entry.name)}" contains a data-descriptor signature inside its data.`));
            carry = Buffer.from(window.subarray(Math.max(0, window.length - 3)));
          }
          if (!inflater) {
            try {
              onData(chunk);
            } catch (err) {
              fail(err);
            }
          }
        });
        if (inflater) {
          raw.pipe(inflater);
          inflater.on('data', (chunk: Buffer) => {
            try {
              onData(chunk);
            } catch (err) {
              fail(err);
            }
          });
          inflater.on('error', (err) => fail(malformed(`entry "${shortName(entry.name)}" does not inflate (${err.message}).`)));
          inflater.on('end', resolve);
        } else {
          raw.on('end', resolve);
        }
      });
    } finally {
      raw.destroy();
      inflater?.destroy();
    }
  }
  if (produced !== entry.uncompressedSize) {
    throw malformed(`entry "${shortName(entry.name)}" inflates to ${produced} bytes, not the ${entry.uncompressedSize} it declares.`);
  }
  if ((crc >>> 0) !== entry.crc32) throw malformed(`entry "${shortName(entry.name)}" fails its CRC check.`);
  if (scan) scanner.finish();
  if (capture) captured.set(entry.name, Buffer.concat(captureParts).toString('utf8'));
}

const LT = 0x3c;
const BANG = 0x21;
const COMMENT = Buffer.from('--');
const CDATA = Buffer.from('[CDATA[');

/**
 * Finds `<!` declarations in a byte stream. Office XML never carries a DTD; a DOCTYPE or
 * ENTITY in a workbook is an entity-expansion ("billion laughs") or XXE attempt.
 */
class DeclarationScanner {
  private tail = Buffer.alloc(0);
  private started = false;

  constructor(private readonly name: string) {}

  push(chunk: Buffer): void {
    if (!this.started) {
      this.started = true;
      // XML may legally be UTF-16; exceljs would read it as UTF-8 and this scan would miss `<\0!\0`.
      if ((chunk[0] === 0xff && chunk[1] === 0xfe) || (chunk[0] === 0xfe && chunk[1] === 0xff) || chunk[0] === 0 || chunk[1] === 0) {
        throw new FileRejectedError('unsupported_media_type', `ZIP entry "${shortName(this.name)}" is UTF-16 XML, which is not supported.`);
      }
    }
    const data = this.tail.length ? Buffer.concat([this.tail, chunk]) : chunk;
    // The last few bytes may be the start of a declaration: look at them with the next chunk.
    const limit = data.length - (CDATA.length + 1);
    let i = data.indexOf(LT);
    while (i >= 0 && i < limit) {
      if (data[i + 1] === BANG && !startsWith(data, i + 2, COMMENT) && !startsWith(data, i + 2, CDATA)) this.reject();
      i = data.indexOf(LT, i + 1);
    }
    this.tail = Buffer.from(data.subarray(Math.max(0, limit)));
  }

  finish(): void {
    const t = this.tail;
    for (let i = t.indexOf(LT); i >= 0; i = t.indexOf(LT, i + 1)) {
      if (t[i + 1] === BANG && !startsWith(t, i + 2, COMMENT) && !startsWith(t, i + 2, CDATA)) this.reject();
    }
  }

  private reject(): never {
    throw new FileRejectedError('xml_entities', `ZIP entry "${shortName(this.name)}" contains a DOCTYPE or ENTITY declaration; workbooks with DTDs are refused.`);
  }
}

function startsWith(data: Buffer, at: number, prefix: Buffer): boolean {
  return at + prefix.length <= data.length && data.compare(prefix, 0, prefix.length, at, at + prefix.length) === 0;
}

async function readAt(fh: FileHandle, position: number, length: number): Promise<Buffer> {
  const buffer = Buffer.alloc(length);
  let done = 0;
  while (done < length) {
    const { bytesRead } = await fh.read(buffer, done, length - done, position + done);
    if (bytesRead === 0) throw malformed('unexpected end of file.');
    done += bytesRead;
  }
  return buffer;
}

function safeNumber(v: bigint): number {
  if (v > BigInt(Number.MAX_SAFE_INTEGER)) throw malformed('a ZIP64 size is out of range.');
  return Number(v);
}

function shortName(name: string): string {
  // eslint-disable-next-line no-control-regex
  const clean = name.replace(/[\u0000-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/g, '?');
  return clean.length > 80 ? `${clean.slice(0, 77)}...` : clean;
}

function formatBytes(n: number): string {
  return n >= 1024 * 1024 ? `${Math.round(n / (1024 * 1024))} MiB` : `${n} bytes`;
}
