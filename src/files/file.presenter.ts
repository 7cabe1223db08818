import { API_V1 } from '../common/http/api-paths';
import type { FileDto } from './dto/file.dto';
import type { FileRecord } from './file.entity';

/** Stored file → public resource. The only place that shapes a file for clients. */
export function presentFile(f: FileRecord): FileDto {
  const d = f.details;
  return {
    id: f.id,
    sha256: f.sha256,
    filename: f.filename,
    size: f.size,
    format: f.format,
    encoding: f.encoding,
    delimiter: d.delimiter,
    sheet: d.sheet,
    sheets: d.sheets,
    jsonPath: d.jsonPath,
    rows: f.rowCount,
    columns: d.columns.map((c) => ({ name: c.name, index: c.index, kind: c.kind, filled: c.filled, avgLength: Math.round(c.avgLength * 10) / 10 })),
    guessed: { textColumn: d.guessed.textColumn, idColumn: d.guessed.idColumn, dateColumn: d.guessed.dateColumn, dateOrder: d.guessed.dateOrder },
    sample: d.sample,
    dateRange: d.dateRange,
    createdAt: f.createdAt.toISOString(),
    expiresAt: f.expiresAt.toISOString(),
    links: { self: filePath(f.id) },
  };
}

export function filePath(id: string): string {
  return `/${API_V1}/files/${id}`;
}
