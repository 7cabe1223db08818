import { ApiExtraModels, ApiProperty, ApiPropertyOptional, getSchemaPath } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsIn, IsInt, IsOptional, IsString, Matches, Max, MaxLength, Min } from 'class-validator';
import { EnginePinDto } from './engine-pin.dto';
import { EngineDto } from './engine.dto';

export class TaxonomyRefDto {
  @ApiProperty({ example: 'default', description: '`default` or the id of your taxonomy.' }) id!: string;
  @ApiProperty({ example: 1 }) version!: number;
}

export class BatchInputDto {
  @ApiProperty({ format: 'uuid', type: String, nullable: true, description: 'Null once the file is deleted.' }) fileId!: string | null;
  @ApiProperty({ example: 'comentarios.csv' }) fileName!: string;
  @ApiProperty({ example: 'comentario' }) textColumn!: string;
  @ApiProperty({ type: String, nullable: true }) idColumn!: string | null;
  @ApiProperty({ type: String, nullable: true }) dateColumn!: string | null;
  @ApiProperty({ type: String, nullable: true }) ratingColumn!: string | null;
  @ApiProperty({ type: [String] }) segmentColumns!: string[];
  @ApiProperty({ example: 'auto' }) language!: string;
  @ApiProperty({ type: [String], example: ['language', 'sentiment'] }) analyses!: string[];
  @ApiProperty({ type: TaxonomyRefDto, nullable: true, description: 'The taxonomy version `themes` used (null without themes).' }) taxonomy!: TaxonomyRefDto | null;
  @ApiProperty({ type: String, nullable: true }) callbackUrl!: string | null;
  @ApiProperty({ type: EnginePinDto, nullable: true, description: 'The engine the task is pinned to, if any.' }) engine!: EnginePinDto | null;
}

export class CountShareDto {
  @ApiProperty({ example: 1200 }) count!: number;
  @ApiProperty({ example: 24.5, minimum: 0, maximum: 100 }) percent!: number;
}

export class SentimentCountsDto {
  @ApiProperty() positive!: number;
  @ApiProperty() neutral!: number;
  @ApiProperty() negative!: number;
  @ApiProperty() mixed!: number;
}

export class BatchTotalsDto {
  @ApiProperty({ description: 'Rows in the file.' }) rows!: number;
  @ApiProperty({ description: 'Rows analysed.' }) analysed!: number;
  @ApiProperty({ description: 'Rows that could not be analysed (see /errors).' }) errors!: number;
  @ApiProperty({ description: 'Analysed rows that repeat an earlier row (same text after normalising case, accents and punctuation).' }) duplicates!: number;
  @ApiProperty({ description: 'Rows with a readable date.' }) dated!: number;
}

export class DuplicateTextDto {
  @ApiProperty() text!: string;
  @ApiProperty() count!: number;
  @ApiProperty() firstRow!: number;
}

export class DuplicatesDto {
  @ApiProperty() rows!: number;
  @ApiProperty({ description: 'Distinct texts that appear more than once.' }) groups!: number;
  @ApiProperty({ type: [DuplicateTextDto] }) top!: DuplicateTextDto[];
}

export class TimelinePointDto {
  @ApiProperty({ example: '2026-01-05', description: 'First day of the day, ISO week (Monday) or month.' }) period!: string;
  @ApiProperty() total!: number;
  @ApiProperty({ type: SentimentCountsDto }) sentiment!: SentimentCountsDto;
}

export class TimelineDto {
  @ApiProperty({ type: [TimelinePointDto] }) day!: TimelinePointDto[];
  @ApiProperty({ type: [TimelinePointDto] }) week!: TimelinePointDto[];
  @ApiProperty({ type: [TimelinePointDto] }) month!: TimelinePointDto[];
  @ApiProperty({ description: 'True when `day` kept only the most recent 400 days.' }) truncatedDays!: boolean;
}

export class RatingBreakdownDto {
  @ApiProperty({ example: '5' }) value!: string;
  @ApiProperty() count!: number;
  @ApiProperty() averageScore!: number;
  @ApiProperty({ type: SentimentCountsDto }) sentiment!: SentimentCountsDto;
}

export class SegmentBreakdownDto {
  @ApiProperty({ example: 'Asunción' }) value!: string;
  @ApiProperty() count!: number;
  @ApiProperty({ type: SentimentCountsDto }) sentiment!: SentimentCountsDto;
}

export class ThemeBreakdownDto {
  @ApiProperty({ example: 'outages' }) themeId!: string;
  @ApiProperty({ example: 'Outages and stability' }) label!: string;
  @ApiProperty({ description: 'Rows per sentiment summed: a row whose two sentences mention the theme with different sentiments counts in both.' }) count!: number;
  @ApiProperty({ type: SentimentCountsDto, description: 'By the sentiment of the sentence that mentions the theme.' }) sentiment!: SentimentCountsDto;
}

export class KeyPhraseCountDto {
  @ApiProperty({ example: 'señal' }) phrase!: string;
  @ApiProperty({ description: 'Rows with this key phrase (accent- and case-insensitive).' }) count!: number;
}

export class EmotionSummaryDto {
  @ApiProperty({ type: 'object', additionalProperties: { type: 'number' }, description: 'Mean score per emotion (anger, joy, sadness, fear, surprise, disgust).' })
  averages!: Record<string, number>;
  @ApiProperty({ type: 'object', additionalProperties: { type: 'integer' }, description: 'Rows by dominant emotion.' }) dominant!: Record<string, number>;
}

export class PiiSummaryDto {
  @ApiProperty({ description: 'Rows with at least one personal-data entity.' }) rows!: number;
  @ApiProperty({ type: 'object', additionalProperties: { type: 'integer' }, description: 'Entities by type (email, phone, id, card, iban, url, ip).' }) entities!: Record<string, number>;
}

export class ComplaintDto {
  @ApiProperty({ example: 'Slow internet at night' }) label!: string;
  @ApiProperty({ description: 'Sampled rows that raise it, as counted by the model (approximate).' }) count!: number;
  @ApiProperty({ type: [Number], example: [12, 480], description: 'Rows (rowNumber) to read as examples.' }) exampleRowNumbers!: number[];
}

export class ComplaintsDto {
  @ApiProperty({ description: 'A few sentences by the model; empty when no row is negative.' }) summary!: string;
  @ApiProperty({ type: [ComplaintDto], description: 'Up to 5, most frequent first.' }) topComplaints!: ComplaintDto[];
  @ApiProperty({ description: 'Negative rows (one per distinct text, at most 200) the model read.' }) sampledRows!: number;
}

export class CacheCountsDto {
  @ApiProperty({ description: 'Analysed rows answered from the analysis cache (in-process or Redis), including rows repeating a text of the same chunk.' }) hits!: number;
  @ApiProperty({ description: 'Analysed rows the engine analysed.' }) misses!: number;
}

export class BatchEngineDto extends EngineDto {
  @ApiPropertyOptional({ description: 'Identifies the engine build (analyzers, versions, built-in taxonomy, LLM): the same fingerprint gives the same results.' })
  fingerprint?: string;
  @ApiPropertyOptional({ type: CacheCountsDto, description: 'Rows from the analysis cache vs analysed (a reused batch counts every analysed row as a hit).' })
  cache?: CacheCountsDto;
}

@ApiExtraModels(CountShareDto, SegmentBreakdownDto)
export class BatchSummaryDto {
  @ApiProperty({ type: BatchTotalsDto }) totals!: BatchTotalsDto;
  @ApiProperty({ type: 'object', additionalProperties: { $ref: getSchemaPath(CountShareDto) }, description: 'By label: positive, neutral, negative, mixed.' })
  sentiment!: Record<string, CountShareDto>;
  @ApiProperty({ type: 'object', additionalProperties: { $ref: getSchemaPath(CountShareDto) }, description: 'By ISO 639-1 code (`und` when unclear).' })
  language!: Record<string, CountShareDto>;
  @ApiProperty({ type: Number, nullable: true, minimum: -1, maximum: 1 }) averageScore!: number | null;
  @ApiProperty({ type: 'object', additionalProperties: { type: 'integer' }, description: 'Rows not analysed, by reason (empty_text, text_too_long).' })
  errors!: Record<string, number>;
  @ApiProperty({ type: DuplicatesDto }) duplicates!: DuplicatesDto;
  @ApiProperty({ type: TimelineDto, nullable: true, description: 'When the batch has a date column.' }) timeline!: TimelineDto | null;
  @ApiProperty({ type: [RatingBreakdownDto] }) ratings!: RatingBreakdownDto[];
  @ApiProperty({ type: 'object', additionalProperties: { type: 'array', items: { $ref: getSchemaPath(SegmentBreakdownDto) } }, description: 'Per segment column: values by count.' })
  segments!: Record<string, SegmentBreakdownDto[]>;
  @ApiProperty({ type: [ThemeBreakdownDto], description: 'Theme × sentiment, most mentioned first ("what people complain about").' }) themes!: ThemeBreakdownDto[];
  @ApiProperty({ type: [KeyPhraseCountDto], description: 'The 30 most frequent key phrases.' }) keyPhrases!: KeyPhraseCountDto[];
  @ApiProperty({ type: EmotionSummaryDto, nullable: true }) emotion!: EmotionSummaryDto | null;
  @ApiProperty({ type: PiiSummaryDto }) pii!: PiiSummaryDto;
  @ApiProperty({ type: 'object', additionalProperties: { type: 'integer' }, description: 'Rows by quality flag (too_short, no_letters, repeated_chars, repeated_words, spam, profanity).' })
  quality!: Record<string, number>;
  @ApiProperty({ type: BatchEngineDto }) engine!: BatchEngineDto;
  @ApiPropertyOptional({ format: 'uuid', description: 'Set when the rows and this summary were copied from that earlier batch over the same file (`reuse`).' })
  reusedFrom?: string;
  @ApiPropertyOptional({
    type: ComplaintsDto,
    nullable: true,
    description: 'ENGINE=openai only: what people complain about, from a sample of the negative rows; null when the model gave no valid answer.',
  })
  complaints?: ComplaintsDto | null;
}

export class ItemSentimentDto {
  @ApiProperty({ example: 'negative' }) label!: string;
  @ApiProperty({ example: -0.6 }) score!: number;
}

export class TaskItemDto {
  @ApiProperty({ description: 'Ordinal among the file\'s data rows (1-based).' }) rowNumber!: number;
  @ApiProperty({ description: 'Line (CSV/TXT), sheet row (XLSX) or element (JSON) in the source file.' }) sourceRow!: number;
  @ApiProperty({ type: String, nullable: true, description: 'Your id, from the id column.' }) id!: string | null;
  @ApiProperty() text!: string;
  @ApiProperty({ type: String, nullable: true, format: 'date' }) date!: string | null;
  @ApiProperty({ type: String, nullable: true }) rating!: string | null;
  @ApiProperty({ type: 'object', additionalProperties: { type: 'string' }, nullable: true }) segments!: Record<string, string> | null;
  @ApiProperty({ type: String, nullable: true, example: 'es' }) language!: string | null;
  @ApiProperty({ type: ItemSentimentDto, nullable: true }) sentiment!: ItemSentimentDto | null;
  @ApiProperty({ type: 'object', additionalProperties: true, nullable: true, description: 'The full per-row analysis (language, sentiment with per-class scores…).' })
  analysis!: Record<string, unknown> | null;
  @ApiProperty({ type: String, nullable: true, description: 'Why the row was not analysed (empty_text, text_too_long); null when it was.' }) error!: string | null;
}

export class ItemPageLinksDto {
  @ApiProperty({ type: String, nullable: true }) next!: string | null;
}

export class TaskItemListDto {
  @ApiProperty({ type: [TaskItemDto] }) data!: TaskItemDto[];
  @ApiProperty({ type: String, nullable: true }) nextCursor!: string | null;
  @ApiProperty({ type: ItemPageLinksDto }) links!: ItemPageLinksDto;
}

export class ListItemsQuery {
  @ApiPropertyOptional({ enum: ['positive', 'neutral', 'negative', 'mixed'] })
  @IsOptional()
  @IsIn(['positive', 'neutral', 'negative', 'mixed'])
  sentiment?: string;

  @ApiPropertyOptional({ example: 'es', description: 'ISO 639-1 code, or `und`.' })
  @IsOptional()
  @Matches(/^([a-z]{2,3}|und)$/, { message: 'language must be an ISO 639-1 code or "und"' })
  language?: string;

  @ApiPropertyOptional({ description: 'Case-insensitive substring of the text.', maxLength: 200 })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  q?: string;

  @ApiPropertyOptional({ description: 'Rows mentioning this theme id (e.g. `outages`).', example: 'outages' })
  @IsOptional()
  @Matches(/^[a-z0-9][a-z0-9_-]{0,63}$/, { message: 'theme must be a theme id such as "outages"' })
  theme?: string;

  @ApiPropertyOptional({ description: 'Exact value of the rating column.' })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  rating?: string;

  @ApiPropertyOptional({ description: 'Segment filter `column:value`, e.g. `region:Norte`.', example: 'region:Norte' })
  @IsOptional()
  @IsString()
  @MaxLength(400)
  @Matches(/^[^:]+:.*$/s, { message: 'segment must look like column:value' })
  segment?: string;

  @ApiPropertyOptional({ minimum: 1, maximum: 500, default: 50 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(500)
  limit?: number;

  @ApiPropertyOptional({ description: 'Opaque cursor from a previous page.' })
  @IsOptional()
  @IsString()
  @MaxLength(100)
  cursor?: string;
}

export const ExportFormat = ['csv', 'xlsx', 'json', 'ndjson'] as const;
export type ExportFormat = (typeof ExportFormat)[number];

export class ExportQuery {
  @ApiPropertyOptional({ enum: ExportFormat, default: 'csv' })
  @IsOptional()
  @IsIn(ExportFormat)
  format?: ExportFormat;

  @ApiPropertyOptional({
    enum: ['true', 'false'],
    default: 'false',
    description: 'Personal data (e-mails, phones, IDs, cards, IBANs, URLs, IPs) is replaced by typed placeholders unless this is `true`.',
  })
  @IsOptional()
  @IsIn(['true', 'false'])
  includePii?: 'true' | 'false';
}
