import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';

export class AnalyzerVersionDto {
  @ApiProperty({ example: 'sentir-es-lexicon' }) name!: string;
  @ApiProperty({ example: '1.0.0' }) version!: string;
}

/** ENGINE=openai: what the task cost. */
export class EngineUsageDto {
  @ApiProperty({ description: 'HTTP requests to the LLM, retries included.' }) requests!: number;
  @ApiProperty() promptTokens!: number;
  @ApiProperty() completionTokens!: number;
  @ApiProperty({ example: 0.00042, description: 'Estimated from the configured price table (0 when the model has no price).' }) costUsd!: number;
  @ApiProperty({ description: 'Texts answered from the content-hash cache.' }) cacheHits!: number;
  @ApiProperty({ description: 'Texts the local engine labelled because the LLM could not (marked `fallback`).' }) fallbackRows!: number;
}

export class EngineDto {
  @ApiProperty({ example: 'sentir-local', description: '`sentir-local`, or `sentir-openai` with ENGINE=openai.' }) name!: string;
  @ApiProperty({ example: '1.0.0' }) version!: string;
  @ApiProperty({ type: [AnalyzerVersionDto] }) analyzers!: AnalyzerVersionDto[];
  @ApiPropertyOptional({ example: 'gpt-4o-mini', description: 'ENGINE=openai: the model (OPENAI_MODEL).' }) model?: string;
  @ApiPropertyOptional({ type: EngineUsageDto, description: 'ENGINE=openai: tokens, requests and cost of this task.' }) usage?: EngineUsageDto;
}
