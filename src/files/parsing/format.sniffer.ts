import { open, stat } from 'node:fs/promises';
import { FileRejectedError } from './parsing.errors';
import { sanitizeFilename } from './filename.util';
import { delimiterConsistency } from './csv.parser';
import { looksLikeXlsx } from './xlsx.parser';
import { readCentralDirectory } from './zip.inspector';
import type { FileFormat, FileLimits } from './parsing.types';

export interface SniffResult {
  format: FileFormat;
  /** Sanitised, lower-case extension of the uploaded name ('' when none). */
  extension: string;
  size: number;
}

const HEAD_BYTES = 4096;

/** Extensions accepted, and the format each promises. */
const FORMAT_BY_EXTENSION: Readonly<Record<string, FileFormat>> = {
  csv: 'csv',
  tsv: 'csv',
  txt: 'txt',
  text: 'txt',
  json: 'json',
  ndjson: 'json',
  jsonl: 'json',
  xlsx: 'xlsx',
};

const UNSUPPORTED_EXTENSION_HINTS: Readonly<Record<string, string>> = {
  xls: 'Legacy .xls workbooks are not supported: save the file as .xlsx or .csv.',
  xlsm: 'Macro-enabled workbooks are not supported: save the file as .xlsx or .csv.',
  xlsb: 'Binary workbooks are not supported: save the file as .xlsx or .csv.',
  ods: 'OpenDocument spreadsheets are not supported: save the file as .xlsx or .csv.',
  numbers: 'Numbers files are not supported: export them as .xlsx or .csv.',
};

interface Magic {
  label: string;
  offset?: number;
  bytes: number[];
  /** Extra test for short signatures that a text file could start with. */
  check?: (head: Buffer) => boolean;
}

const ascii = (s: string): number[] => [...Buffer.from(s, 'latin1')];

// Signatures of things that are never a comment export. Checked against the first bytes.
const MAGIC: readonly Magic[] = [
  { label: 'a ZIP archive', bytes: [0x50, 0x4b, 0x03, 0x04] },
  { label: 'a ZIP archive', bytes: [0x50, 0x4b, 0x05, 0x06] },
  { label: 'a ZIP archive', bytes: [0x50, 0x4b, 0x07, 0x08] },
  { label: 'an OLE2 document (legacy .xls/.doc or an encrypted workbook)', bytes: [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1] },
  { label: 'an ELF executable', bytes: [0x7f, 0x45, 0x4c, 0x46] },
  {
    label: 'a Windows executable',
    bytes: ascii('MZ'),
    check: (h) => h.length >= 0x40 && h.readUInt32LE(0x3c) + 4 <= h.length && h.readUInt32BE(h.readUInt32LE(0x3c)) === 0x50450000,
  },
  { label: 'a Mach-O executable', bytes: [0xcf, 0xfa, 0xed, 0xfe] },
  { label: 'a Mach-O executable', bytes: [0xce, 0xfa, 0xed, 0xfe] },
  { label: 'a Mach-O executable', bytes: [0xfe, 0xed, 0xfa, 0xcf] },
  { label: 'a Mach-O or Java class file', bytes: [0xca, 0xfe, 0xba, 0xbe] },
  { label: 'a WebAssembly module', bytes: [0x00, 0x61, 0x73, 0x6d] },
  { label: 'a PDF document', bytes: ascii('%PDF-') },
  { label: 'a PostScript document', bytes: ascii('%!PS') },
  { label: 'an RTF document', bytes: ascii('{\\rtf') },
  { label: 'a PNG image', bytes: [0x89, 0x50, 0x4e, 0x47] },
  { label: 'a JPEG image', bytes: [0xff, 0xd8, 0xff] },
  { label: 'a GIF image', bytes: ascii('GIF8'), check: (h) => (h[4] === 0x37 || h[4] === 0x39) && h[5] === 0x61 },
  { label: 'a TIFF image', bytes: [0x49, 0x49, 0x2a, 0x00] },
  { label: 'a TIFF image', bytes: [0x4d, 0x4d, 0x00, 0x2a] },
  { label: 'a RIFF media file', bytes: [0x52, 0x49, 0x46, 0x46] },
  { label: 'an MP4/QuickTime file', offset: 4, bytes: [0x66, 0x74, 0x79, 0x70] },
  { label: 'an MP3 file', bytes: ascii('ID3'), check: (h) => h[3] >= 2 && h[3] <= 4 && h[4] === 0 },
  { label: 'an Ogg file', bytes: [0x4f, 0x67, 0x67, 0x53] },
  { label: 'a FLAC file', bytes: [0x66, 0x4c, 0x61, 0x43] },
  { label: 'a gzip archive', bytes: [0x1f, 0x8b] },
  { label: 'a bzip2 archive', bytes: ascii('BZh'), check: (h) => h[3] >= 0x31 && h[3] <= 0x39 && h.subarray(4, 10).equals(Buffer.from('1AY&SY', 'latin1')) },
  { label: 'an xz archive', bytes: [0xfd, 0x37, 0x7a, 0x58, 0x5a, 0x00] },
  { label: 'a zstd archive', bytes: [0x28, 0xb5, 0x2f, 0xfd] },
  { label: 'a 7-Zip archive', bytes: [0x37, 0x7a, 0xbc, 0xaf, 0x27, 0x1c] },
  { label: 'a RAR archive', bytes: [0x52, 0x61, 0x72, 0x21, 0x1a, 0x07] },
  { label: 'a SQLite database', bytes: ascii('SQLite format 3\0') },
  { label: 'a UTF-32 text file', bytes: [0xff, 0xfe, 0x00, 0x00] },
  { label: 'a UTF-32 text file', bytes: [0x00, 0x00, 0xfe, 0xff] },
];

// Text formats that are not ours: an HTML "Excel export" renamed to .csv, SpreadsheetML 2003, etc.
const MARKUP = /^(?:\ufeff)?\s*<(?:\?xml|!doctype|html|svg|plist|workbook)\b/i;

/**
 * Decides the format from the first bytes *and* the uploaded name's extension. The
 * extension picks the parser; the content has to agree or the upload is
 * `unsupported_media_type` (a PDF, an ELF or a .docx named `comments.csv`). Text files
 * are not validated here: their parsers detect the encoding and reject binary junk
 * (`invalid_encoding`). Without an extension the content decides.
 */
export async function sniffFile(path: string, filename: string, limits: Pick<FileLimits, 'maxBytes' | 'maxUncompressedBytes' | 'maxCompressionRatio' | 'maxZipEntries'>): Promise<SniffResult> {
  const info = await stat(path);
  if (!info.isFile()) throw new FileRejectedError('unsupported_media_type', 'The upload is not a regular file.');
  if (info.size === 0) throw new FileRejectedError('file_empty', 'The file is empty.');
  if (info.size > limits.maxBytes) {
    throw new FileRejectedError('file_too_large', `The file is ${info.size} bytes; at most ${limits.maxBytes} are accepted.`);
  }
  const { extension } = sanitizeFilename(filename);
  const head = await readHead(path);
  const magic = MAGIC.find((m) => matches(head, m));

  if (extension && !(extension in FORMAT_BY_EXTENSION)) {
    throw new FileRejectedError('unsupported_media_type', UNSUPPORTED_EXTENSION_HINTS[extension] ?? `Files of type .${extension} are not supported; upload CSV, XLSX, JSON or TXT.`);
  }
  const claimed: FileFormat | undefined = FORMAT_BY_EXTENSION[extension];
  const done = (format: FileFormat): SniffResult => ({ format, extension, size: info.size });

  if (claimed === 'xlsx' || (!claimed && magic?.label === 'a ZIP archive')) {
    if (magic?.label !== 'a ZIP archive') {
      throw new FileRejectedError('unsupported_media_type', magic ? `The file is named .xlsx but is ${magic.label}.` : 'The file is named .xlsx but is not an Excel workbook.');
    }
    const directory = await readCentralDirectory(path, limits);
    if (!looksLikeXlsx(directory)) throw new FileRejectedError('unsupported_media_type', 'The file is a ZIP archive but not an Excel workbook (.xlsx).');
    return done('xlsx');
  }
  if (magic) {
    throw new FileRejectedError('unsupported_media_type', `The file${extension ? ` is named .${extension} but` : ''} is ${magic.label}, not ${claimed ? claimed.toUpperCase() : 'CSV, XLSX, JSON or TXT'}.`);
  }
  const preview = previewText(head);
  if (MARKUP.test(preview)) {
    throw new FileRejectedError('unsupported_media_type', 'The file is an HTML or XML document; export the data as CSV or XLSX.');
  }
  if (claimed) return done(claimed);
  const firstChar = preview.replace(/^\ufeff/, '').trimStart().charAt(0);
  if (firstChar === '{' || firstChar === '[') return done('json');
  return done((delimiterConsistency(preview)?.score ?? 0) >= 0.9 ? 'csv' : 'txt');
}

async function readHead(path: string): Promise<Buffer> {
  const fh = await open(path, 'r');
  try {
    const buffer = Buffer.alloc(HEAD_BYTES);
    const { bytesRead } = await fh.read(buffer, 0, HEAD_BYTES, 0);
    return buffer.subarray(0, bytesRead);
  } finally {
    await fh.close();
  }
}

function matches(head: Buffer, magic: Magic): boolean {
  const offset = magic.offset ?? 0;
  if (head.length < offset + magic.bytes.length) return false;
  return magic.bytes.every((b, i) => head[offset + i] === b) && (!magic.check || magic.check(head));
}

/** Rough decode of the first bytes, only for markup and delimiter guessing. */
function previewText(head: Buffer): string {
  if (head[0] === 0xff && head[1] === 0xfe) return head.subarray(2, head.length - (head.length % 2)).toString('utf16le');
  if (head[0] === 0xfe && head[1] === 0xff) {
    const even = Buffer.from(head.subarray(2, head.length - (head.length % 2)));
    return even.swap16().toString('utf16le');
  }
  return head.toString('latin1');
}
