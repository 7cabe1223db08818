import { Inject, Injectable, Logger } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import type { IncomingMessage } from 'node:http';
import type { Principal } from '../auth/principal';
import { AppConfig } from '../config/config';
import { MetricsService } from '../monitoring/metrics.service';
import { decodeCursor, encodeCursor, isUuid } from '../tasks/task-cursor';
import { InvalidCursorError } from '../tasks/tasks.errors';
import type { FileDetails, FileRecord } from './file.entity';
import { ServiceUnavailableError } from '../common/errors/domain-error';
import { FileInfectedError, FileNotFoundError, FileRejectedProblem } from './files.errors';
import { ScannerUnavailableError, VIRUS_SCANNER, type ScanVerdict, type VirusScanner } from './scanning';
import { FilesRepository } from './files.repository';
// Not the barrel './parsing': it would load exceljs into the API; the parsers run in a worker thread.
import { sanitizeFilename } from './parsing/filename.util';
import { parseFileInWorker, type InspectingParseEvent } from './parsing/parse-worker.client';
import { FileRejectedError } from './parsing/parsing.errors';
import type { FileHeader, FileInspection, ParsedRow } from './parsing/parsing.types';
import { receiveUpload, type ReceivedUpload } from './upload.receiver';

export interface UploadResult {
  file: FileRecord;
  /** False when the same user had already uploaded the same bytes (and sheet). */
  created: boolean;
  /** The other multipart fields, for the one-step batch form. */
  fields: Record<string, string>;
}

@Injectable()
export class FilesService {
  private readonly logger = new Logger(FilesService.name);

  constructor(
    private readonly files: FilesRepository,
    private readonly config: ConfigService<AppConfig, true>,
    private readonly metrics: MetricsService,
    @Inject(VIRUS_SCANNER) private readonly scanner: VirusScanner,
  ) {}

  /**
   * Receives, checks and stores an upload. The bytes go to a temp file (never whole in
   * memory), are parsed once in a memory-capped worker thread that profiles the columns
   * as the rows stream by, and land in PostgreSQL in one transaction. The temp file is
   * always removed.
   */
  async upload(principal: Principal, req: IncomingMessage): Promise<UploadResult> {
    const limits = this.config.get('files', { infer: true });
    const upload = await receiveUpload(req, { maxBytes: limits.maxBytes, tmpDir: limits.tmpDir });
    try {
      const sheet = upload.fields.sheet?.trim() || undefined;
      const existing = await this.files.findBySha(principal.userId, upload.sha256, sheet ?? '');
      if (existing) return { file: existing, created: false, fields: upload.fields };
      await this.scan(upload.path);
      const file = await this.store(principal, upload, sheet);
      this.metrics.filesUploaded.inc({ format: file.format });
      return { file, created: true, fields: upload.fields };
    } catch (err) {
      if (err instanceof FileRejectedError) {
        this.metrics.filesRejected.inc({ reason: err.code });
        throw FileRejectedProblem.from(err);
      }
      throw err;
    } finally {
      await upload.discard();
    }
  }

  /** Before any parser touches the bytes; with CLAMAV_URL unset this is a no-op. */
  private async scan(path: string): Promise<void> {
    let verdict: ScanVerdict;
    try {
      verdict = await this.scanner.scanFile(path);
    } catch (err) {
      if (err instanceof ScannerUnavailableError) throw new ServiceUnavailableError('clamav');
      // clamd answered with an error (or its size limit): an operator problem, logged with the reply.
      this.logger.error({ err: (err as Error).message }, 'virus scan failed');
      throw new ServiceUnavailableError('clamav', 30);
    }
    if (verdict.infected) {
      this.metrics.filesRejected.inc({ reason: 'infected' });
      throw new FileInfectedError(verdict.signature);
    }
  }

  async get(principal: Principal, id: string): Promise<FileRecord> {
    const file = isUuid(id) ? await this.files.findOwned(principal.userId, id) : null;
    if (!file) throw new FileNotFoundError(id);
    return file;
  }

  async list(principal: Principal, limit: number, cursor?: string): Promise<{ files: FileRecord[]; nextCursor: string | null }> {
    let after: { createdAt: string; id: string } | undefined;
    if (cursor) {
      const decoded = decodeCursor(cursor);
      if (!decoded) throw new InvalidCursorError();
      after = decoded;
    }
    const { rows, hasMore } = await this.files.list(principal.userId, limit, after);
    const last = rows[rows.length - 1];
    return { files: rows, nextCursor: hasMore && last ? encodeCursor({ createdAt: last.createdKey, id: last.id }) : null };
  }

  async remove(principal: Principal, id: string): Promise<string[]> {
    const cancelled = isUuid(id) ? await this.files.deleteOwned(principal.userId, id) : null;
    if (!cancelled) throw new FileNotFoundError(id);
    return cancelled;
  }

  private async store(principal: Principal, upload: ReceivedUpload, sheet: string | undefined): Promise<FileRecord> {
    const limits = this.config.get('files', { infer: true });
    const filename = sanitizeFilename(upload.filename || 'upload.txt').name;
    // One pass: rows are COPYed while the worker profiles them; the inspection comes last.
    const events = parseFileInWorker(upload.path, {
      filename,
      sheet,
      inspect: true,
      maxMemoryMb: limits.parseMemoryMb,
      timeoutMs: limits.parseTimeoutMs,
      limits: { maxBytes: limits.maxBytes, maxRows: limits.maxRows, maxColumns: limits.maxColumns },
    });
    try {
      const header = await readHeader(events);
      let inspection: FileInspection | undefined;
      const file = await this.files.createWithRows(
        {
          userId: principal.userId,
          sha256: upload.sha256,
          sheetKey: sheet ?? '',
          filename,
          size: upload.size,
          format: header.format,
          encoding: header.encoding,
          retentionDays: this.config.get('batch', { infer: true }).retentionDays,
        },
        rowBatches(events, (i) => (inspection = i)),
        // Runs inside the transaction: throwing here rolls the rows back.
        () => {
          if (!inspection) throw new Error('The parse worker ended without an inspection.');
          if (!inspection.guessed.textColumn) {
            throw new FileRejectedError('no_text_column', 'No column holds text to analyse: every column is empty, numeric, a date or an id.');
          }
          return detailsOf(inspection);
        },
      );
      this.logger.log({ fileId: file.id, rows: file.rowCount, format: file.format, bytes: file.size }, 'file stored');
      return file;
    } finally {
      // Stops the worker when the transaction failed before the rows were drained.
      await events.return(undefined);
    }
  }
}

async function readHeader(events: AsyncIterator<InspectingParseEvent>): Promise<FileHeader> {
  const first = await events.next();
  if (first.done || first.value.type !== 'header') throw new Error('The parse worker sent no header.');
  return first.value.header;
}

/** The row batches of a single-pass parse; its end event's inspection goes to `onEnd`. */
async function* rowBatches(events: AsyncIterable<InspectingParseEvent>, onEnd: (inspection: FileInspection) => void): AsyncGenerator<ParsedRow[]> {
  for await (const event of events) {
    if (event.type === 'rows') yield event.rows;
    else if (event.type === 'end') onEnd(event.inspection);
  }
}

function detailsOf(i: FileInspection): FileDetails {
  return {
    delimiter: i.delimiter ?? null,
    sheet: i.sheet ?? null,
    sheets: i.sheets ?? null,
    jsonPath: i.jsonPath ?? null,
    columns: i.columns,
    guessed: i.guessed,
    sample: i.sample.map((r) => ({ rowNumber: r.rowNumber, sourceRow: r.sourceRow, values: r.values })),
    dateRange: i.dateRange ?? null,
  };
}
