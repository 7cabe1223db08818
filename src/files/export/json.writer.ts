import type { Writable } from 'node:stream';
import type { ExportOptions, ExportSource, ExportSummary } from './export.types';
import { BackpressureSink, cell } from './stream-sink.util';

/**
 * Streams a JSON array of objects, one per line, keys in `columns` order. Values are
 * written as they are (no formula neutralisation: JSON is not a spreadsheet);
 * missing values and non-finite numbers become null.
 */
export async function writeJson(records: ExportSource, columns: readonly string[], out: Writable, options: ExportOptions = {}): Promise<ExportSummary> {
  const sink = new BackpressureSink(out);
  const encode = objectEncoder(columns);
  let rows = 0;
  await sink.write('[');
  for await (const record of records) {
    await sink.write((rows === 0 ? '\n' : ',\n') + encode(record));
    rows++;
  }
  await sink.write(rows === 0 ? ']\n' : '\n]\n');
  await sink.end(options.keepOpen);
  return { rows };
}

/** Streams NDJSON (JSON Lines): one object per `\n`-terminated line. */
export async function writeNdjson(records: ExportSource, columns: readonly string[], out: Writable, options: ExportOptions = {}): Promise<ExportSummary> {
  const sink = new BackpressureSink(out);
  const encode = objectEncoder(columns);
  let rows = 0;
  for await (const record of records) {
    await sink.write(encode(record) + '\n');
    rows++;
  }
  await sink.end(options.keepOpen);
  return { rows };
}

/**
 * Serialises by hand rather than building an object for JSON.stringify: a column named
 * `__proto__` would otherwise set the prototype instead of a key.
 */
function objectEncoder(columns: readonly string[]): (record: Readonly<Record<string, unknown>>) => string {
  const keys = columns.map((c) => JSON.stringify(c) + ':');
  return (record) => {
    let s = '{';
    for (let i = 0; i < columns.length; i++) {
      const v = cell(record, columns[i]);
      s += (i ? ',' : '') + keys[i] + (v === undefined || (typeof v === 'number' && !Number.isFinite(v)) ? 'null' : JSON.stringify(v));
    }
    return s + '}';
  };
}
