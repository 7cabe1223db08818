import { FileRejectedError } from './parsing.errors';
import { FormatReader, lineTooLong, ReaderContext, RowEmitter } from './format.reader';
import { detectTextEncoding, readDecodedText } from './text-encoding.detector';
import type { ParsedRow } from './parsing.types';

/** Name of the single column of a plain-text upload. */
export const TXT_COLUMN = 'text';

/**
 * One comment per non-blank line (trimmed), in a single `text` column. Lines end at
 * LF, CRLF or a lone CR. A line over `maxLineChars` stops the read (`line_too_long`)
 * before more of it is buffered.
 */
export async function openTxt(ctx: ReaderContext): Promise<FormatReader> {
  const detected = await detectTextEncoding(ctx.path);
  const lines = splitLines(readDecodedText(ctx.path, detected), ctx.limits.maxLineChars);
  const emitter = new RowEmitter(ctx.limits);
  // Pull the first row now so an empty file fails at open time, like the other formats.
  let first: IteratorResult<{ line: number; text: string }>;
  try {
    first = await nextNonBlank(lines);
  } catch (err) {
    await lines.return(undefined);
    throw err;
  }
  if (first.done) {
    throw new FileRejectedError('file_empty', 'The file contains no text.');
  }
  const header = { format: 'txt' as const, encoding: detected.encoding, columns: [TXT_COLUMN] };
  return { header, rows: emitRows(first.value, lines, emitter), close: async () => void (await lines.return(undefined)) };
}

async function* emitRows(
  first: { line: number; text: string },
  lines: AsyncGenerator<{ line: number; text: string }>,
  emitter: RowEmitter,
): AsyncGenerator<ParsedRow, void, undefined> {
  try {
    yield emitter.row(first.line, [first.text]);
    for (;;) {
      const next = await nextNonBlank(lines);
      if (next.done) return;
      yield emitter.row(next.value.line, [next.value.text]);
    }
  } finally {
    await lines.return(undefined);
  }
}

async function nextNonBlank(lines: AsyncGenerator<{ line: number; text: string }>): Promise<IteratorResult<{ line: number; text: string }>> {
  for (;;) {
    const next = await lines.next();
    if (next.done) return next;
    const text = next.value.text.trim();
    if (text !== '') return { done: false, value: { line: next.value.line, text } };
  }
}

/** Splits decoded text into numbered lines without ever holding more than one line plus one chunk. */
export async function* splitLines(chunks: AsyncIterable<string>, maxLineChars: number): AsyncGenerator<{ line: number; text: string }> {
  let partial = '';
  let line = 1;
  let pendingCr = false;
  for await (const chunk of chunks) {
    let start = 0;
    for (let i = 0; i < chunk.length; i++) {
      const ch = chunk.charCodeAt(i);
      if (ch !== 0x0a && ch !== 0x0d) continue;
      if (ch === 0x0a && pendingCr && i === start) {
        // the LF of a CRLF split across or right after a CR: already ended the line
        pendingCr = false;
        start = i + 1;
        continue;
      }
      const text = partial + chunk.slice(start, i);
      partial = '';
      if (text.length > maxLineChars) throw lineTooLong(maxLineChars, `Line ${line}`);
      yield { line, text };
      line++;
      pendingCr = ch === 0x0d;
      start = i + 1;
    }
    if (start < chunk.length) pendingCr = false;
    partial += chunk.slice(start);
    if (partial.length > maxLineChars) throw lineTooLong(maxLineChars, `Line ${line}`);
  }
  if (partial !== '') {
    if (partial.length > maxLineChars) throw lineTooLong(maxLineChars, `Line ${line}`);
    yield { line, text: partial };
  }
}
