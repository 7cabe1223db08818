import { FileRejectedError } from './parsing.errors';
import { isBlankRow, normalizeHeader } from './header.util';
import { FormatReader, ReaderContext, RowEmitter } from './format.reader';
import { detectTextEncoding, readDecodedText } from './text-encoding.detector';
import type { FileLimits, ParsedRow } from './parsing.types';

/**
 * Keys that turn into prototype pollution the moment some later code merges or
 * spreads a parsed object. JSON.parse itself makes them harmless own properties, but
 * the whole file is refused (`json_forbidden_key`) rather than silently dropping
 * data: no genuine comment export uses them.
 */
export const FORBIDDEN_JSON_KEYS: ReadonlySet<string> = new Set(['__proto__', 'constructor', 'prototype']);

/** Name of the column that primitive array elements (`["great", "bad"]`) land in. */
export const JSON_TEXT_COLUMN = 'text';
/** Column added in front of message fields when a chat export is flattened. */
export const CONVERSATION_ID_COLUMN = 'conversation_id';

/** Where a JSON value sits in the text: [start, end). */
interface Span {
  start: number;
  end: number;
}

/** An array found by the structural scan, outside any other array. */
interface ArrayCandidate extends Span {
  path: string;
  depth: number;
  elements: number;
  objects: number;
}

export interface JsonScan {
  /** Top-level values; more than one means NDJSON / JSON Lines. */
  values: Span[];
  /** Arrays of the first top-level value that are not inside another array. */
  arrays: ArrayCandidate[];
}

/**
 * Accepts: an array of objects; an object holding such arrays (the one with most
 * objects wins, e.g. `{"meta": {...}, "comments": [...]}`); a chat export
 * (`{"conversations": [{"id": …, "messages": [...]}]}` or an array of such
 * conversations) flattened to one row per message with `conversation_id`; NDJSON.
 * Arrays of strings become a single `text` column.
 *
 * Bounded work: the whole text is held (≤ maxBytes), but a hand-written structural
 * scan checks depth (`json_too_deep`) and forbidden keys *before* anything is built,
 * and rows are then JSON.parse'd one element at a time, so the object graph of the
 * whole document never exists. Nested objects are flattened to dotted columns
 * (`author.name`), arrays inside a row are kept as JSON text.
 */
export async function openJson(ctx: ReaderContext): Promise<FormatReader> {
  const { limits } = ctx;
  const detected = await detectTextEncoding(ctx.path);
  const parts: string[] = [];
  for await (const chunk of readDecodedText(ctx.path, detected)) parts.push(chunk);
  const text = parts.join('');
  parts.length = 0;
  if (text.trim() === '') throw new FileRejectedError('file_empty', 'The file contains no JSON.');

  const scan = scanJson(text, limits.maxJsonDepth);
  const plan = planRows(text, scan, ctx.extension === 'ndjson' || ctx.extension === 'jsonl');
  const { columns, keyIndex } = collectColumns(text, plan, limits);
  const header = { format: 'json' as const, encoding: detected.encoding, jsonPath: plan.path, columns };
  // The file is already read and closed: nothing to release.
  return { header, rows: emitRows(text, plan, keyIndex, columns.length, new RowEmitter(limits)), close: async () => undefined };
}

interface RowPlan {
  path: string;
  /** Spans of the elements that become rows (or of conversations, when `chat`). */
  elements: () => Generator<Span>;
  chat: boolean;
}

function planRows(text: string, scan: JsonScan, lines: boolean): RowPlan {
  if (scan.values.length > 1 || lines) {
    const values = scan.values;
    const elements = function* (): Generator<Span> {
      yield* values;
    };
    const chat = looksLikeChat(text, elements());
    return { path: chat ? 'ndjson[].messages' : 'ndjson', elements, chat };
  }
  const root = scan.values[0];
  const first = text.charCodeAt(root.start);
  if (first !== 0x5b /* [ */ && first !== 0x7b /* { */) {
    throw new FileRejectedError('malformed_json', 'The JSON is a single value, not an array or object of records.');
  }
  const arrays = scan.arrays.filter((a) => a.elements > 0);
  const conversations = arrays.find((a) => a.path === '$.conversations' && a.objects > 0);
  const withObjects = arrays.filter((a) => a.objects > 0);
  const chosen =
    conversations ??
    (first === 0x5b ? arrays.find((a) => a.path === '$') : undefined) ??
    pickLargest(withObjects, 'objects') ??
    pickLargest(arrays, 'elements');
  if (!chosen && scan.arrays.length > 0) throw new FileRejectedError('file_empty', 'The JSON holds only empty arrays.');
  if (!chosen) {
    throw new FileRejectedError('malformed_json', 'No array of records was found in the JSON (expected e.g. [{...}, …] or {"comments": [{...}, …]}).');
  }
  const elements = (): Generator<Span> => splitArray(text, chosen);
  const chat = looksLikeChat(text, elements());
  return { path: chat ? `${chosen.path}[].messages` : chosen.path, elements, chat };
}

function pickLargest(arrays: ArrayCandidate[], by: 'objects' | 'elements'): ArrayCandidate | undefined {
  let best: ArrayCandidate | undefined;
  for (const a of arrays) if (!best || a[by] > best[by] || (a[by] === best[by] && a.depth < best.depth)) best = a;
  return best;
}

/** At least half of the first 20 object elements carry a `messages` array of objects. */
function looksLikeChat(text: string, elements: Generator<Span>): boolean {
  let objects = 0;
  let chats = 0;
  for (const span of elements) {
    if (text.charCodeAt(span.start) !== 0x7b) continue;
    const value = parseSpan(text, span) as Record<string, unknown>;
    objects++;
    const messages = value.messages;
    if (Array.isArray(messages) && messages.some((m) => isPlainObject(m))) chats++;
    if (objects >= 20) break;
  }
  return objects > 0 && chats * 2 >= objects;
}

/** Iterates the records of the plan: one flat record per row, with its 1-based element ordinal. */
function* records(text: string, plan: RowPlan): Generator<{ ordinal: number; record: Map<string, string> }> {
  let ordinal = 0;
  for (const span of plan.elements()) {
    const value = parseSpan(text, span);
    if (!plan.chat) {
      ordinal++;
      yield { ordinal, record: flattenElement(value) };
      continue;
    }
    if (!isPlainObject(value) || !Array.isArray(value.messages)) continue;
    const conversationId = conversationIdOf(value);
    for (const message of value.messages) {
      ordinal++;
      const record = new Map<string, string>([[CONVERSATION_ID_COLUMN, conversationId ?? '']]);
      for (const [k, v] of flattenElement(message)) if (k !== CONVERSATION_ID_COLUMN) record.set(k, v);
      yield { ordinal, record };
    }
  }
}

function conversationIdOf(conversation: Record<string, unknown>): string | undefined {
  for (const key of ['id', 'conversation_id', 'conversationId', 'uuid', 'thread_id', 'threadId']) {
    const v = conversation[key];
    if (typeof v === 'string' || typeof v === 'number') return String(v);
  }
  return undefined;
}

/** First pass: the union of keys in order of first appearance. */
function collectColumns(text: string, plan: RowPlan, limits: FileLimits): { columns: string[]; keyIndex: Map<string, number> } {
  const keys = new Map<string, number>();
  for (const { record } of records(text, plan)) {
    for (const key of record.keys()) {
      if (keys.has(key)) continue;
      if (keys.size >= limits.maxColumns) {
        throw new FileRejectedError('too_many_columns', `The JSON records have more than ${limits.maxColumns} distinct fields.`);
      }
      keys.set(key, keys.size);
    }
  }
  if (keys.size === 0) throw new FileRejectedError('file_empty', 'The JSON holds no records.');
  const columns = normalizeHeader([...keys.keys()], limits.maxColumns);
  return { columns, keyIndex: keys };
}

async function* emitRows(
  text: string,
  plan: RowPlan,
  keyIndex: Map<string, number>,
  width: number,
  emitter: RowEmitter,
): AsyncGenerator<ParsedRow, void, undefined> {
  for (const { ordinal, record } of records(text, plan)) {
    const values = new Array<string>(width).fill('');
    for (const [k, v] of record) values[keyIndex.get(k) as number] = v;
    if (isBlankRow(values)) continue;
    yield emitter.row(ordinal, values);
  }
  if (emitter.emitted === 0) throw new FileRejectedError('file_empty', 'The JSON records are all empty.');
}

function parseSpan(text: string, span: Span): unknown {
  try {
    return JSON.parse(text.slice(span.start, span.end));
  } catch (err) {
    throw malformed(text, span.start, err instanceof Error ? err.message : String(err));
  }
}

/** A row as column → string. Primitive elements go to the `text` column. */
function flattenElement(value: unknown): Map<string, string> {
  const out = new Map<string, string>();
  if (isPlainObject(value)) flattenInto(out, '', value);
  else if (value !== null && value !== undefined) out.set(JSON_TEXT_COLUMN, scalarToString(value));
  return out;
}

function flattenInto(out: Map<string, string>, prefix: string, obj: Record<string, unknown>): void {
  for (const key of Object.keys(obj)) {
    const name = prefix ? `${prefix}.${key}` : key;
    const v = obj[key];
    if (isPlainObject(v) && Object.keys(v).length > 0) flattenInto(out, name, v);
    else out.set(name, scalarToString(v));
  }
}

function scalarToString(v: unknown): string {
  if (v === null || v === undefined) return '';
  if (typeof v === 'string') return v;
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  return JSON.stringify(v);
}

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Element spans of an array found by the scan (the JSON there is already known to be well-formed). */
function* splitArray(text: string, array: Span): Generator<Span> {
  let i = array.start + 1;
  const end = array.end - 1; // index of the closing ']'
  let depth = 0;
  let start = -1;
  for (; i < end; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x22) {
      if (start < 0) start = i;
      i = stringEnd(text, i) - 1;
    } else if (c === 0x7b || c === 0x5b) {
      if (start < 0) start = i;
      depth++;
    } else if (c === 0x7d || c === 0x5d) {
      depth--;
    } else if (c === 0x2c && depth === 0) {
      yield { start, end: trimEnd(text, i) };
      start = -1;
    } else if (start < 0 && !isWhitespace(c)) {
      start = i;
    }
  }
  if (start >= 0) yield { start, end: trimEnd(text, end) };
}

function trimEnd(text: string, end: number): number {
  while (end > 0 && isWhitespace(text.charCodeAt(end - 1))) end--;
  return end;
}

const enum State {
  ObjKey,
  ObjColon,
  Value,
  After,
}

interface Frame {
  array: boolean;
  state: State;
  /** '{' or '[' just opened: the closing bracket is allowed next. */
  empty: boolean;
  start: number;
  path: string;
  /** Inside an array somewhere above: not a candidate. */
  nested: boolean;
  key: string;
  elements: number;
  objects: number;
}

const NUMBER = /-?(?:0|[1-9][0-9]*)(?:\.[0-9]+)?(?:[eE][+-]?[0-9]+)?/y;

/**
 * One pass over the text that validates the JSON structure without building values:
 * depth (checked before descending, so 100,000 nested `[` cost nothing), forbidden keys
 * (escapes decoded, so `"\u005f_proto__"` is caught), top-level value count (NDJSON),
 * and the arrays that could hold records.
 */
export function scanJson(text: string, maxDepth: number): JsonScan {
  const values: Span[] = [];
  const arrays: ArrayCandidate[] = [];
  const stack: Frame[] = [];
  const n = text.length;
  let topStart = -1;
  let i = 0;

  const afterValue = (end: number): void => {
    const parent = stack[stack.length - 1];
    if (parent) parent.state = State.After;
    else values.push({ start: topStart, end });
  };

  for (;;) {
    while (i < n && isWhitespace(text.charCodeAt(i))) i++;
    const frame = stack[stack.length - 1];
    if (i >= n) {
      if (frame) throw malformed(text, n, 'unexpected end of data');
      break;
    }
    const c = text.charCodeAt(i);

    if (frame && frame.state === State.ObjKey) {
      if (c === 0x7d /* } */ && frame.empty) {
        stack.pop();
        afterValue(++i);
        continue;
      }
      if (c !== 0x22) throw malformed(text, i, 'expected a property name');
      const end = stringEnd(text, i);
      const key = decodeKey(text, i, end);
      if (FORBIDDEN_JSON_KEYS.has(key)) {
        throw new FileRejectedError('json_forbidden_key', `The JSON uses the reserved key "${key}" (at character ${i}); such files are refused.`);
      }
      frame.key = key;
      frame.state = State.ObjColon;
      i = end;
      continue;
    }
    if (frame && frame.state === State.ObjColon) {
      if (c !== 0x3a /* : */) throw malformed(text, i, "expected ':'");
      frame.state = State.Value;
      frame.empty = false;
      i++;
      continue;
    }
    if (frame && frame.state === State.After) {
      if (c === 0x2c /* , */) {
        frame.state = frame.array ? State.Value : State.ObjKey;
        frame.empty = false;
        i++;
        continue;
      }
      if (c === (frame.array ? 0x5d : 0x7d)) {
        stack.pop();
        i++;
        if (frame.array && !frame.nested && values.length === 0) {
          arrays.push({ start: frame.start, end: i, path: frame.path, depth: stack.length, elements: frame.elements, objects: frame.objects });
        }
        afterValue(i);
        continue;
      }
      throw malformed(text, i, `expected ',' or '${frame.array ? ']' : '}'}'`);
    }

    // A value is expected here (top level, array slot or object member).
    if (frame?.array && c === 0x5d && frame.empty) {
      stack.pop();
      i++;
      if (!frame.nested && values.length === 0) arrays.push({ start: frame.start, end: i, path: frame.path, depth: stack.length, elements: 0, objects: 0 });
      afterValue(i);
      continue;
    }
    if (!frame) topStart = i;
    if (frame?.array) {
      frame.elements++;
      if (c === 0x7b) frame.objects++;
    }
    if (c === 0x7b || c === 0x5b) {
      if (stack.length + 1 > maxDepth) {
        throw new FileRejectedError('json_too_deep', `The JSON nests deeper than ${maxDepth} levels (at character ${i}).`);
      }
      const path = !frame ? '$' : frame.array ? `${frame.path}[]` : `${frame.path}.${frame.key}`;
      stack.push({
        array: c === 0x5b,
        state: c === 0x5b ? State.Value : State.ObjKey,
        empty: true,
        start: i,
        path,
        nested: !!frame && (frame.array || frame.nested),
        key: '',
        elements: 0,
        objects: 0,
      });
      i++;
      continue;
    }
    i = scalarEnd(text, i);
    afterValue(i);
  }
  if (values.length === 0) throw new FileRejectedError('file_empty', 'The file contains no JSON value.');
  return { values, arrays };
}

function scalarEnd(text: string, i: number): number {
  const c = text.charCodeAt(i);
  if (c === 0x22) return stringEnd(text, i);
  if (text.startsWith('true', i)) return i + 4;
  if (text.startsWith('false', i)) return i + 5;
  if (text.startsWith('null', i)) return i + 4;
  NUMBER.lastIndex = i;
  if (NUMBER.test(text)) return NUMBER.lastIndex;
  throw malformed(text, i, 'unexpected character');
}

/** Index just past the closing quote of the string opening at `i`. */
function stringEnd(text: string, i: number): number {
  let j = i + 1;
  for (;;) {
    const q = text.indexOf('"', j);
    if (q < 0) throw malformed(text, i, 'unterminated string');
    let backslashes = 0;
    for (let k = q - 1; k > i && text.charCodeAt(k) === 0x5c; k--) backslashes++;
    if (backslashes % 2 === 0) return q + 1;
    j = q + 1;
  }
}

function decodeKey(text: string, start: number, end: number): string {
  const raw = text.slice(start + 1, end - 1);
  if (!raw.includes('\\')) return raw;
  try {
    return JSON.parse(text.slice(start, end)) as string;
  } catch {
    throw malformed(text, start, 'invalid escape in a property name');
  }
}

function isWhitespace(c: number): boolean {
  return c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09;
}

function malformed(text: string, at: number, what: string): FileRejectedError {
  const { line, column } = position(text, at);
  return new FileRejectedError('malformed_json', `The JSON is malformed at line ${line}, column ${column}: ${what.slice(0, 200)}.`);
}

function position(text: string, at: number): { line: number; column: number } {
  let line = 1;
  let lineStart = 0;
  for (let i = text.indexOf('\n'); i >= 0 && i < at; i = text.indexOf('\n', i + 1)) {
    line++;
    lineStart = i + 1;
  }
  return { line, column: at - lineStart + 1 };
}
