import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ArrayMaxSize, ArrayUnique, IsArray, IsIn, IsOptional, IsString, IsUrl, IsUUID, Matches, MaxLength } from 'class-validator';
import { TaskPriority } from '../../common/queue/queue.defaults';
import { ANALYSES, type Analysis } from '../analysis/analyses';

/** Analyses a batch can ask for (default: all); language detection and sentiment always run. */
export const BatchAnalysis = ANALYSES;
export type BatchAnalysis = Analysis;

export class CreateBatchTaskDto {
  @ApiProperty({ format: 'uuid', description: 'A file you uploaded with POST /api/v1/files.' })
  @IsUUID()
  fileId!: string;

  @ApiPropertyOptional({ description: 'Column holding the comments (default: the guessed text column).', example: 'comentario' })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  textColumn?: string;

  @ApiPropertyOptional({ description: 'Column with your own row id (default: the guessed id column, if any).', example: 'ticket' })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  idColumn?: string;

  @ApiPropertyOptional({ description: 'Column with the comment date (default: the guessed date column, if any).', example: 'fecha' })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  dateColumn?: string;

  @ApiPropertyOptional({ description: 'Column with a rating (stars, NPS…), kept with each row and summarised.', example: 'estrellas' })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  ratingColumn?: string;

  @ApiPropertyOptional({ type: [String], maxItems: 10, description: 'Columns to keep with each row and break sentiment down by (region, plan, channel…).' })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(10)
  @ArrayUnique()
  @IsString({ each: true })
  @MaxLength(200, { each: true })
  segmentColumns?: string[];

  @ApiPropertyOptional({ enum: BatchAnalysis, isArray: true, default: BatchAnalysis, description: 'Analyses to run on every row.' })
  @IsOptional()
  @IsArray()
  @ArrayUnique()
  @IsIn(BatchAnalysis, { each: true })
  analyses?: BatchAnalysis[];

  @ApiPropertyOptional({ enum: TaskPriority, default: 'normal' })
  @IsOptional()
  @IsIn(TaskPriority)
  priority?: TaskPriority;

  @ApiPropertyOptional({ description: '`auto` (default) detects each row\'s language; an ISO 639-1 code skips detection.', example: 'auto', pattern: '^(auto|[a-z]{2})$' })
  @IsOptional()
  @IsString()
  @Matches(/^(auto|[a-z]{2})$/, { message: 'language must be "auto" or a lowercase ISO 639-1 code such as "es"' })
  language?: string;

  @ApiPropertyOptional({
    description: 'HTTPS (or HTTP) URL that receives a signed POST when the task completes, fails or is cancelled. Private and loopback addresses are refused unless the operator allows them.',
    example: 'https://example.com/hooks/sentir',
  })
  @IsOptional()
  @IsUrl({ protocols: ['http', 'https'], require_protocol: true, require_tld: false }, { message: 'callbackUrl must be an http(s) URL' })
  @MaxLength(2000)
  callbackUrl?: string;
}

/**
 * The one-step multipart form of POST /tasks/batch (documentation only: the controller
 * uploads the file, then validates the other fields as a CreateBatchTaskDto).
 */
export class CreateBatchUploadDto {
  @ApiProperty({ type: 'string', format: 'binary', description: 'The file, as for POST /api/v1/files.' }) file!: unknown;
  @ApiPropertyOptional({ description: 'XLSX: the sheet to read.' }) sheet?: string;
  @ApiPropertyOptional() textColumn?: string;
  @ApiPropertyOptional() idColumn?: string;
  @ApiPropertyOptional() dateColumn?: string;
  @ApiPropertyOptional() ratingColumn?: string;
  @ApiPropertyOptional({ description: 'JSON array or comma-separated column names.', example: 'region,plan' }) segmentColumns?: string;
  @ApiPropertyOptional({ description: 'JSON array or comma-separated.', example: 'language,sentiment' }) analyses?: string;
  @ApiPropertyOptional({ enum: TaskPriority }) priority?: string;
  @ApiPropertyOptional({ example: 'auto' }) language?: string;
  @ApiPropertyOptional() callbackUrl?: string;
}
