import { ApiExtraModels, ApiProperty, ApiPropertyOptional, getSchemaPath } from '@nestjs/swagger';
import { BatchInputDto, BatchSummaryDto, TaxonomyRefDto } from './batch.dto';
import { EnginePinDto } from './engine-pin.dto';
import { EngineDto } from './engine.dto';

export { AnalyzerVersionDto, EngineDto } from './engine.dto';
import { ProblemDto } from '../../common/problem.dto';
import { TaskPriority } from '../../common/queue/queue.defaults';
import { TaskStatus, TaskType } from '../task.entity';

export class ProgressDto {
  @ApiProperty({ example: 1 }) processed!: number;
  @ApiProperty({ example: 1 }) total!: number;
  @ApiProperty({ example: 100, minimum: 0, maximum: 100 }) percent!: number;
}

export class LanguageResultDto {
  @ApiProperty({ example: 'es', description: 'ISO 639-1 code (`gn` for Guarani), or `und` when the text is too short or unclear.' }) code!: string;
  @ApiProperty({ minimum: 0, maximum: 1, example: 0.93 }) confidence!: number;
  @ApiPropertyOptional({ type: [String], example: ['gn', 'es'], description: 'Languages mixed in the text, e.g. Jopara (Guarani and Spanish).' })
  mixed?: string[];
}

export class SentimentScoresDto {
  @ApiProperty({ minimum: 0, maximum: 1 }) positive!: number;
  @ApiProperty({ minimum: 0, maximum: 1 }) neutral!: number;
  @ApiProperty({ minimum: 0, maximum: 1 }) negative!: number;
  @ApiPropertyOptional({ minimum: 0, maximum: 1 }) mixed?: number;
}

export class SentenceSentimentDto {
  @ApiPropertyOptional({ description: 'The sentence (omitted in stored batch rows: use the offsets).' }) text?: string;
  @ApiProperty({ description: 'UTF-16 offset of the sentence in the text.' }) start!: number;
  @ApiProperty() end!: number;
  @ApiProperty({ enum: ['positive', 'negative', 'neutral', 'mixed'] }) label!: string;
  @ApiProperty({ minimum: -1, maximum: 1 }) score!: number;
}

export class SentimentResultDto {
  @ApiProperty({ enum: ['positive', 'negative', 'neutral', 'mixed'], example: 'negative', description: '`mixed`: strong praise and strong complaint in one text.' })
  label!: string;
  @ApiProperty({ minimum: -1, maximum: 1, example: -0.62 }) score!: number;
  @ApiProperty({ minimum: 0, maximum: 1, example: 0.8 }) confidence!: number;
  @ApiProperty({ type: SentimentScoresDto }) scores!: SentimentScoresDto;
  @ApiPropertyOptional({ type: [SentenceSentimentDto], description: 'Per sentence, when the text has several.' }) sentences?: SentenceSentimentDto[];
}

export class EvidenceDto {
  @ApiProperty({ description: 'UTF-16 offset in the text.' }) start!: number;
  @ApiProperty() end!: number;
  @ApiProperty() text!: string;
}

export class ThemeMatchDto {
  @ApiProperty({ example: 'outages' }) themeId!: string;
  @ApiProperty({ example: 'Outages and stability' }) label!: string;
  @ApiProperty({ type: [EvidenceDto] }) evidence!: EvidenceDto[];
  @ApiProperty({ enum: ['positive', 'negative', 'neutral', 'mixed'], description: 'Sentiment of the sentence the theme sits in.' }) sentiment!: string;
}

export class KeyPhraseDto {
  @ApiProperty({ example: 'señal' }) phrase!: string;
  @ApiProperty({ description: 'Folded form used to count the phrase across texts.' }) key!: string;
  @ApiProperty({ minimum: 0, maximum: 1 }) score!: number;
}

export class EmotionScoresDto {
  @ApiProperty({ minimum: 0, maximum: 1 }) anger!: number;
  @ApiProperty({ minimum: 0, maximum: 1 }) joy!: number;
  @ApiProperty({ minimum: 0, maximum: 1 }) sadness!: number;
  @ApiProperty({ minimum: 0, maximum: 1 }) fear!: number;
  @ApiProperty({ minimum: 0, maximum: 1 }) surprise!: number;
  @ApiProperty({ minimum: 0, maximum: 1 }) disgust!: number;
}

export class EmotionDto {
  @ApiProperty({ type: EmotionScoresDto }) scores!: EmotionScoresDto;
  @ApiProperty({ type: String, nullable: true, enum: ['anger', 'joy', 'sadness', 'fear', 'surprise', 'disgust'] }) dominant!: string | null;
}

export class PiiEntityDto {
  @ApiProperty({ enum: ['email', 'url', 'iban', 'phone', 'card', 'ip', 'id'] }) type!: string;
  @ApiProperty() start!: number;
  @ApiProperty() end!: number;
  @ApiProperty() text!: string;
}

export class PiiDto {
  @ApiProperty({ type: [PiiEntityDto] }) entities!: PiiEntityDto[];
  @ApiProperty({ example: 'Llamame al [PHONE]', description: 'The text with typed placeholders instead of personal data.' }) redactedText!: string;
}

export class QualityDto {
  @ApiProperty({ type: [String], example: ['too_short'], description: 'too_short, no_letters, repeated_chars, repeated_words, spam, profanity' }) flags!: string[];
}

export class FallbackDto {
  @ApiProperty({ enum: ['request_failed', 'invalid_response', 'missing_row'], description: 'request_failed: retries exhausted or refused; invalid_response: not the JSON asked for; missing_row: the answer left this text out.' })
  reason!: string;
}

export class AnalysisResultDto {
  @ApiProperty({ type: LanguageResultDto }) language!: LanguageResultDto;
  @ApiProperty({ type: SentimentResultDto }) sentiment!: SentimentResultDto;
  @ApiPropertyOptional({ type: [ThemeMatchDto] }) themes?: ThemeMatchDto[];
  @ApiPropertyOptional({ type: [KeyPhraseDto] }) keyPhrases?: KeyPhraseDto[];
  @ApiPropertyOptional({ type: EmotionDto }) emotion?: EmotionDto;
  @ApiPropertyOptional({ type: PiiDto }) pii?: PiiDto;
  @ApiPropertyOptional({ type: QualityDto }) quality?: QualityDto;
  @ApiPropertyOptional({ type: FallbackDto, description: 'ENGINE=openai: present when the LLM could not label this text and the local engine did.' }) fallback?: FallbackDto;
  @ApiProperty({ type: EngineDto }) engine!: EngineDto;
}

export class SingleTaskInputDto {
  @ApiProperty() text!: string;
  @ApiProperty({ example: 'auto' }) language!: string;
  @ApiProperty({ type: String, nullable: true, description: 'Where the outcome is POSTed, if anywhere.' }) callbackUrl!: string | null;
  @ApiProperty({ type: [String], example: ['language', 'sentiment'], description: 'The analyses the task runs.' }) analyses!: string[];
  @ApiProperty({ type: TaxonomyRefDto, nullable: true, description: 'The taxonomy version `themes` uses (null without themes).' }) taxonomy!: TaxonomyRefDto | null;
  @ApiProperty({ type: EnginePinDto, nullable: true, description: 'The engine the task is pinned to, if any.' }) engine!: EnginePinDto | null;
}

export class TaskErrorDto extends ProblemDto {
  @ApiProperty({ example: 'invalid-input', description: 'Machine-readable reason code.' }) reason!: string;
}

export class TaskLinksDto {
  @ApiProperty({ example: '/api/v1/tasks/6f1c…' }) self!: string;
  @ApiPropertyOptional({ description: 'Batch tasks: the analysed rows.' }) items?: string;
  @ApiPropertyOptional({ description: 'Batch tasks: rows that could not be analysed.' }) errors?: string;
  @ApiPropertyOptional({ description: 'Batch tasks: download every row with its analysis.' }) export?: string;
  @ApiPropertyOptional({ description: 'Server-Sent Events with progress and the outcome.' }) events?: string;
  @ApiPropertyOptional({ description: 'Batch tasks: the file the rows came from.' }) file?: string;
}

@ApiExtraModels(AnalysisResultDto, BatchSummaryDto)
export class TaskDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ enum: TaskType }) type!: TaskType;
  @ApiProperty({ enum: TaskStatus }) status!: TaskStatus;
  @ApiProperty({ enum: TaskPriority }) priority!: TaskPriority;
  @ApiProperty({ format: 'date-time' }) createdAt!: string;
  @ApiProperty({ format: 'date-time' }) updatedAt!: string;
  @ApiProperty({ format: 'date-time', nullable: true, type: String }) startedAt!: string | null;
  @ApiProperty({ format: 'date-time', nullable: true, type: String }) completedAt!: string | null;
  @ApiProperty({ type: ProgressDto }) progress!: ProgressDto;
  @ApiPropertyOptional({ type: SingleTaskInputDto, description: 'The submitted text and language hint (single tasks).' })
  input?: SingleTaskInputDto;
  @ApiPropertyOptional({ type: BatchInputDto, description: 'What the batch reads from its file (batch tasks).' })
  batch?: BatchInputDto;
  @ApiProperty({
    oneOf: [{ $ref: getSchemaPath(AnalysisResultDto) }, { $ref: getSchemaPath(BatchSummaryDto) }],
    nullable: true,
    description: 'Once completed: the analysis (single tasks) or the summary (batch tasks).',
  })
  result!: AnalysisResultDto | BatchSummaryDto | null;
  @ApiProperty({ type: TaskErrorDto, nullable: true, description: 'Why the task failed (a problem document).' })
  error!: TaskErrorDto | null;
  @ApiProperty({ type: TaskLinksDto }) links!: TaskLinksDto;
}

export class PageLinksDto {
  @ApiProperty({ nullable: true, type: String, example: '/api/v1/tasks?cursor=…' }) next!: string | null;
}

export class TaskListDto {
  @ApiProperty({ type: [TaskDto] }) data!: TaskDto[];
  @ApiProperty({ nullable: true, type: String, description: 'Pass as `cursor` to get the next page; null on the last page.' })
  nextCursor!: string | null;
  @ApiProperty({ type: PageLinksDto }) links!: PageLinksDto;
}
