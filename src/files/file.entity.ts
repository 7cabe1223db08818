import type { ColumnProfile, CsvDelimiter, FileFormat, FileInspection } from './parsing';

/** What inspection found, stored with the file and shown to clients. */
export interface FileDetails {
  delimiter: CsvDelimiter | null;
  sheet: string | null;
  sheets: string[] | null;
  jsonPath: string | null;
  columns: ColumnProfile[];
  guessed: FileInspection['guessed'];
  sample: { rowNumber: number; sourceRow: number; values: string[] }[];
  dateRange: { from: string; to: string } | null;
}

/** One uploaded file (table `files`); its rows are in `file_rows`. */
export interface FileRecord {
  id: string;
  userId: string;
  sha256: string;
  sheetKey: string;
  filename: string;
  size: number;
  format: FileFormat;
  encoding: string;
  details: FileDetails;
  rowCount: number;
  createdAt: Date;
  expiresAt: Date;
}
