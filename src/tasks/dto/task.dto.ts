import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ProblemDto } from '../../common/problem.dto';
import { TaskPriority } from '../../common/queue/queue.defaults';
import { TaskStatus, TaskType } from '../task.entity';

export class ProgressDto {
  @ApiProperty({ example: 1 }) processed!: number;
  @ApiProperty({ example: 1 }) total!: number;
  @ApiProperty({ example: 100, minimum: 0, maximum: 100 }) percent!: number;
}

export class LanguageResultDto {
  @ApiProperty({ example: 'es', description: 'ISO 639-1 code, or `und` when the text is too short or unclear.' }) code!: string;
  @ApiProperty({ minimum: 0, maximum: 1, example: 0.93 }) confidence!: number;
}

export class SentimentScoresDto {
  @ApiProperty({ minimum: 0, maximum: 1 }) positive!: number;
  @ApiProperty({ minimum: 0, maximum: 1 }) neutral!: number;
  @ApiProperty({ minimum: 0, maximum: 1 }) negative!: number;
}

export class SentimentResultDto {
  @ApiProperty({ enum: ['positive', 'negative', 'neutral'], example: 'negative' }) label!: string;
  @ApiProperty({ minimum: -1, maximum: 1, example: -0.62 }) score!: number;
  @ApiProperty({ minimum: 0, maximum: 1, example: 0.8 }) confidence!: number;
  @ApiProperty({ type: SentimentScoresDto }) scores!: SentimentScoresDto;
}

export class AnalyzerVersionDto {
  @ApiProperty({ example: 'sentir-es-lexicon' }) name!: string;
  @ApiProperty({ example: '1.0.0' }) version!: string;
}

export class EngineDto {
  @ApiProperty({ example: 'local' }) name!: string;
  @ApiProperty({ example: '1.0.0' }) version!: string;
  @ApiProperty({ type: [AnalyzerVersionDto] }) analyzers!: AnalyzerVersionDto[];
}

export class AnalysisResultDto {
  @ApiProperty({ type: LanguageResultDto }) language!: LanguageResultDto;
  @ApiProperty({ type: SentimentResultDto }) sentiment!: SentimentResultDto;
  @ApiProperty({ type: EngineDto }) engine!: EngineDto;
}

export class SingleTaskInputDto {
  @ApiProperty() text!: string;
  @ApiProperty({ example: 'auto' }) language!: string;
}

export class TaskErrorDto extends ProblemDto {
  @ApiProperty({ example: 'invalid-input', description: 'Machine-readable reason code.' }) reason!: string;
}

export class TaskLinksDto {
  @ApiProperty({ example: '/api/v1/tasks/6f1c…' }) self!: string;
}

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
  @ApiProperty({ type: AnalysisResultDto, nullable: true, description: 'The analysis, once completed.' })
  result!: AnalysisResultDto | null;
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
