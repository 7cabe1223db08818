import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { PageQuery } from '../../common/http/page.query';

export class ColumnDto {
  @ApiProperty({ example: 'comentario' }) name!: string;
  @ApiProperty({ example: 1 }) index!: number;
  @ApiProperty({ enum: ['text', 'id', 'date', 'number', 'category', 'empty'], example: 'text' }) kind!: string;
  @ApiProperty({ description: 'Rows with a value in this column.', example: 49870 }) filled!: number;
  @ApiProperty({ description: 'Mean length of the values, in characters.', example: 84.2 }) avgLength!: number;
}

export class GuessedColumnsDto {
  @ApiProperty({ type: String, nullable: true, example: 'comentario' }) textColumn!: string | null;
  @ApiProperty({ type: String, nullable: true, example: 'ticket' }) idColumn!: string | null;
  @ApiProperty({ type: String, nullable: true, example: 'fecha' }) dateColumn!: string | null;
  @ApiProperty({ type: String, nullable: true, enum: ['dmy', 'mdy'], description: 'How `01/02/2024`-style dates were read.' }) dateOrder!: string | null;
}

export class SampleRowDto {
  @ApiProperty({ example: 1 }) rowNumber!: number;
  @ApiProperty({ description: 'Line (CSV/TXT), sheet row (XLSX) or element (JSON) in the source.', example: 2 }) sourceRow!: number;
  @ApiProperty({ type: [String], description: 'Cells aligned with `columns`.' }) values!: string[];
}

export class DateRangeDto {
  @ApiProperty({ example: '2026-01-01' }) from!: string;
  @ApiProperty({ example: '2026-03-31' }) to!: string;
}

export class FileLinksDto {
  @ApiProperty({ example: '/api/v1/files/6f1c…' }) self!: string;
}

export class FileDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ description: 'SHA-256 of the uploaded bytes (hex); the same bytes from the same user return this file.' }) sha256!: string;
  @ApiProperty({ example: 'comentarios-enero.csv', description: 'Sanitised: no directories, control or bidi characters.' }) filename!: string;
  @ApiProperty({ example: 5242880 }) size!: number;
  @ApiProperty({ enum: ['csv', 'xlsx', 'json', 'txt'] }) format!: string;
  @ApiProperty({ enum: ['utf-8', 'utf-16le', 'utf-16be', 'windows-1252'] }) encoding!: string;
  @ApiProperty({ type: String, nullable: true, enum: [',', ';', '\t', '|'], description: 'CSV only.' }) delimiter!: string | null;
  @ApiProperty({ type: String, nullable: true, description: 'XLSX only: the sheet read.' }) sheet!: string | null;
  @ApiProperty({ type: [String], nullable: true, description: 'XLSX only: every sheet, in order.' }) sheets!: string[] | null;
  @ApiProperty({ type: String, nullable: true, description: 'JSON only: where the rows came from, e.g. `$.comments`.' }) jsonPath!: string | null;
  @ApiProperty({ example: 50000 }) rows!: number;
  @ApiProperty({ type: [ColumnDto] }) columns!: ColumnDto[];
  @ApiProperty({ type: GuessedColumnsDto }) guessed!: GuessedColumnsDto;
  @ApiProperty({ type: [SampleRowDto] }) sample!: SampleRowDto[];
  @ApiProperty({ type: DateRangeDto, nullable: true }) dateRange!: DateRangeDto | null;
  @ApiProperty({ format: 'date-time' }) createdAt!: string;
  @ApiProperty({ format: 'date-time', description: 'The file and its rows are deleted after this.' }) expiresAt!: string;
  @ApiProperty({ type: FileLinksDto }) links!: FileLinksDto;
}

export class FileListLinksDto {
  @ApiProperty({ type: String, nullable: true }) next!: string | null;
}

export class FileListDto {
  @ApiProperty({ type: [FileDto] }) data!: FileDto[];
  @ApiProperty({ type: String, nullable: true }) nextCursor!: string | null;
  @ApiProperty({ type: FileListLinksDto }) links!: FileListLinksDto;
}

export class ListFilesQuery extends PageQuery {}

/** Documents the multipart body; the controller reads the stream itself. */
export class UploadFileDto {
  @ApiProperty({ type: 'string', format: 'binary', description: 'CSV, XLSX, JSON/NDJSON or TXT, up to the configured size (default 50 MiB).' }) file!: unknown;
  @ApiPropertyOptional({ description: 'XLSX: the sheet to read, by name (default: the first).' }) sheet?: string;
}
