import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import { ArrayMaxSize, ArrayUnique, IsArray, IsBoolean, IsIn, IsInt, IsOptional, IsString, IsUrl, IsUUID, Matches, MaxLength, Min, ValidateNested } from 'class-validator';
import { TaskPriority } from '../../common/queue/queue.defaults';
import { ANALYSES, type Analysis } from '../analysis/analyses';
import { EnginePinDto } from './engine-pin.dto';

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

  @ApiPropertyOptional({ description: 'Taxonomy for `themes`: the id of one of yours (POST /api/v1/taxonomies) or `default` (the built-in ISP taxonomy, the default).', example: 'default' })
  @IsOptional()
  @IsString()
  @Matches(/^(default|[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})$/, { message: 'taxonomyId must be "default" or a taxonomy id' })
  taxonomyId?: string;

  @ApiPropertyOptional({ minimum: 1, description: 'Pin a version of the taxonomy (default: its latest).' })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  taxonomyVersion?: number;

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
    description: 'HTTPS (or HTTP) URL that receives a signed POST when the task completes, fails or is cancelled (verify it with the secret from GET /api/v1/me/webhook-secret). Private and loopback addresses are refused unless the operator allows them.',
    example: 'https://example.com/hooks/sentir',
  })
  @IsOptional()
  @IsUrl({ protocols: ['http', 'https'], require_protocol: true, require_tld: false }, { message: 'callbackUrl must be an http(s) URL' })
  @MaxLength(2000)
  callbackUrl?: string;

  @ApiPropertyOptional({
    default: true,
    description:
      'When one of your completed batches read the same file (same bytes) with the same options, and the workers still run the engine that analysed it, ' +
      'copy its rows and summary: the task is completed at once (200, `result.reusedFrom`). `false` analyses the file again.',
  })
  @IsOptional()
  // The one-step multipart form sends "true"/"false" as text.
  @Transform(({ value }) => (value === 'true' ? true : value === 'false' ? false : value))
  @IsBoolean()
  reuse?: boolean;

  @ApiPropertyOptional({ type: EnginePinDto, description: 'Run only on this engine (name and/or exact version); 422 `engine-unavailable` when this deployment runs another.' })
  @IsOptional()
  @ValidateNested()
  @Type(() => EnginePinDto)
  engine?: EnginePinDto;
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
  @ApiPropertyOptional({ example: 'default' }) taxonomyId?: string;
  @ApiPropertyOptional() taxonomyVersion?: string;
  @ApiPropertyOptional({ enum: TaskPriority }) priority?: string;
  @ApiPropertyOptional({ example: 'auto' }) language?: string;
  @ApiPropertyOptional() callbackUrl?: string;
  @ApiPropertyOptional({ enum: ['true', 'false'] }) reuse?: string;
  @ApiPropertyOptional({ description: 'JSON object, as in the JSON form.', example: '{"name":"sentir-local","version":"0.2.0"}' }) engine?: string;
}
