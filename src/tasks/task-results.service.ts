import { Injectable } from '@nestjs/common';
import type { Writable } from 'node:stream';
import type { Principal } from '../auth/principal';
import { ValidationFailedError } from '../common/errors/domain-error';
import type { ExportRecord } from '../files/export/export.types';
import { BatchRepository, type StoredItem } from './batch.repository';
import type { ExportFormat, ListItemsQuery, TaskItemDto } from './dto/batch.dto';
import { batchOptionsOf, type Task } from './task.entity';
import { InvalidCursorError, NotABatchError } from './tasks.errors';
import { TasksService } from './tasks.service';

export interface ItemPage {
  items: TaskItemDto[];
  nextCursor: string | null;
}

/** Reading a batch's rows: pages for the UI, the error report, and streamed exports. */
@Injectable()
export class TaskResultsService {
  constructor(
    private readonly tasks: TasksService,
    private readonly batches: BatchRepository,
  ) {}

  async batchTask(principal: Principal, id: string): Promise<Task> {
    const task = await this.tasks.get(principal, id);
    if (task.type !== 'batch') throw new NotABatchError(task.id);
    return task;
  }

  async items(principal: Principal, id: string, q: ListItemsQuery, errorsOnly = false): Promise<ItemPage> {
    const task = await this.batchTask(principal, id);
    const limit = q.limit ?? 50;
    let segment: { name: string; value: string } | undefined;
    if (q.segment) {
      const at = q.segment.indexOf(':');
      segment = { name: q.segment.slice(0, at), value: q.segment.slice(at + 1) };
      const known = batchOptionsOf(task)?.segmentColumns.map((s) => s.name) ?? [];
      if (!known.includes(segment.name)) {
        throw new ValidationFailedError([{ field: 'segment', message: `"${segment.name}" is not a segment column of this task (${known.length ? known.join(', ') : 'it has none'})` }]);
      }
    }
    const { rows, hasMore } = await this.batches.items(task.id, {
      sentiment: q.sentiment,
      language: q.language,
      q: q.q,
      rating: q.rating,
      theme: q.theme,
      segment,
      errorsOnly,
      afterRow: q.cursor !== undefined ? decodeRowCursor(q.cursor) : undefined,
      limit,
    });
    const last = rows[rows.length - 1];
    return { items: rows.map(presentItem), nextCursor: hasMore && last ? encodeRowCursor(last.rowNumber) : null };
  }

  /** Streams every row with its analysis; the task must exist and be yours (checked before any byte is sent). */
  async export(task: Task, format: ExportFormat, out: Writable, includePii = false): Promise<number> {
    const segmentNames = batchOptionsOf(task)?.segmentColumns.map((s) => s.name) ?? [];
    const columns = [
      'row_number', 'source_row', 'id', 'text', 'date', 'rating',
      ...segmentNames.map((n) => `segment:${n}`),
      'language', 'language_confidence', 'sentiment', 'score', 'confidence', 'positive', 'neutral', 'negative',
      'themes', 'negative_themes', 'key_phrases', 'emotion', 'pii_entities', 'quality_flags', 'error',
    ];
    // Loaded on first use, like the writers: the API otherwise never needs the PII detector.
    const redact = includePii ? undefined : (await import('./analysis/pii/pii.detector.js')).redactPii;
    const records = flatten(this.batches.streamItems(task.id), segmentNames, redact);
    // Loaded on first use: the writers pull in exceljs, which workers never need.
    const { writeExport } = await import('../files/export/export.writer.js');
    const summary = await writeExport(format, records, columns, out, { sheetName: 'Sentir', delimiter: ',' });
    return summary.rows;
  }
}

type StoredAnalysis = {
  language?: { confidence?: number };
  sentiment?: { confidence?: number; scores?: Record<string, number> };
  themes?: { themeId: string; sentiment: string }[];
  keyPhrases?: { phrase: string }[];
  emotion?: { dominant: string | null };
  pii?: { entities: unknown[]; redactedText: string };
  quality?: { flags: string[] };
} | null;

async function* flatten(
  batches: AsyncIterable<StoredItem[]>,
  segmentNames: string[],
  redact?: (text: string) => { redactedText: string },
): AsyncGenerator<ExportRecord> {
  for await (const batch of batches) {
    for (const i of batch) {
      const a = i.analysis as StoredAnalysis;
      // Redact from the stored analysis when it has one, else on the fly (rows analysed without `pii`, error rows).
      const text = redact ? (a?.pii?.redactedText ?? redact(i.text).redactedText) : i.text;
      const unique = (xs: string[] | undefined) => (xs && xs.length ? [...new Set(xs)].join(', ') : null);
      const record: Record<string, string | number | null> = {
        row_number: i.rowNumber,
        source_row: i.sourceRow,
        id: i.sourceId,
        text,
        date: i.itemDate,
        rating: i.rating,
        language: i.language,
        language_confidence: a?.language?.confidence ?? null,
        sentiment: i.sentiment,
        score: i.score,
        confidence: a?.sentiment?.confidence ?? null,
        positive: a?.sentiment?.scores?.positive ?? null,
        neutral: a?.sentiment?.scores?.neutral ?? null,
        negative: a?.sentiment?.scores?.negative ?? null,
        themes: unique(a?.themes?.map((t) => t.themeId)),
        negative_themes: unique(a?.themes?.filter((t) => t.sentiment === 'negative').map((t) => t.themeId)),
        key_phrases: unique(a?.keyPhrases?.map((k) => k.phrase)),
        emotion: a?.emotion?.dominant ?? null,
        pii_entities: a?.pii ? a.pii.entities.length : null,
        quality_flags: unique(a?.quality?.flags),
        error: i.error,
      };
      for (const n of segmentNames) record[`segment:${n}`] = i.segments?.[n] ?? null;
      yield record;
    }
  }
}

export function presentItem(i: StoredItem): TaskItemDto {
  return {
    rowNumber: i.rowNumber,
    sourceRow: i.sourceRow,
    id: i.sourceId,
    text: i.text,
    date: i.itemDate,
    rating: i.rating,
    segments: i.segments,
    language: i.language,
    sentiment: i.sentiment === null ? null : { label: i.sentiment, score: i.score ?? 0 },
    analysis: i.analysis,
    error: i.error,
  };
}

function encodeRowCursor(row: number): string {
  return Buffer.from(`row|${row}`, 'utf8').toString('base64url');
}

function decodeRowCursor(raw: string): number {
  const m = /^row\|(\d{1,9})$/.exec(Buffer.from(raw, 'base64url').toString('utf8'));
  if (!m) throw new InvalidCursorError();
  return Number(m[1]);
}
