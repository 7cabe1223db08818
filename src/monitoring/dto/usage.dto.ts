import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, IsString, IsUUID, MaxLength } from 'class-validator';

export class UsageQuery {
  @ApiPropertyOptional({ format: 'date', example: '2026-03-01', description: 'First UTC day, included. Default: 29 days before `to`.' })
  @IsOptional()
  @IsString()
  @MaxLength(40)
  from?: string;

  @ApiPropertyOptional({ format: 'date', example: '2026-03-31', description: 'Last UTC day, included. Default: today. At most 366 days in all.' })
  @IsOptional()
  @IsString()
  @MaxLength(40)
  to?: string;

  @ApiPropertyOptional({ format: 'uuid', description: "Admins: whose usage. Others may only name themselves (403 otherwise). Default: the caller's user." })
  @IsOptional()
  @IsUUID()
  userId?: string;
}

export class UsageTasksDto {
  @ApiProperty({ description: 'Tasks created that day.', example: 3 }) created!: number;
  @ApiProperty({ example: 2 }) single!: number;
  @ApiProperty({ example: 1 }) batch!: number;
}

export class UsageErrorsDto {
  @ApiProperty({ description: 'Tasks that failed that day.', example: 0 }) tasks!: number;
  @ApiProperty({ description: 'Batch rows that could not be analysed (empty, too long), in batches that completed that day.', example: 4 }) rows!: number;
}

export class UsageTokensDto {
  @ApiProperty({ example: 0 }) prompt!: number;
  @ApiProperty({ example: 0 }) completion!: number;
}

export class UsageTotalsDto {
  @ApiProperty({ type: UsageTasksDto }) tasks!: UsageTasksDto;
  @ApiProperty({ description: 'Texts analysed.', example: 1002 }) texts!: number;
  @ApiProperty({ type: UsageErrorsDto }) errors!: UsageErrorsDto;
  @ApiProperty({ description: "Texts answered from a cache instead of being analysed again (the analysis cache, or the LLM engine's).", example: 0 }) cacheHits!: number;
  @ApiProperty({ type: UsageTokensDto, description: 'Tokens sent to and received from a paid engine (ENGINE=openai); 0 with the local engine.' }) tokens!: UsageTokensDto;
  @ApiProperty({ description: 'What the paid engine cost, in US dollars, at the configured prices.', example: 0 }) costUsd!: number;
}

export class UsageDayDto extends UsageTotalsDto {
  @ApiProperty({ format: 'date', example: '2026-03-01', description: 'A UTC day.' }) day!: string;
}

export class UsageDto {
  @ApiProperty({ format: 'date', example: '2026-03-01' }) from!: string;
  @ApiProperty({ format: 'date', example: '2026-03-30' }) to!: string;
  @ApiProperty({ format: 'uuid' }) userId!: string;
  @ApiProperty({ type: [UsageDayDto], description: 'Every day of the range in order, days without activity included (all zeros).' }) days!: UsageDayDto[];
  @ApiProperty({ type: UsageTotalsDto, description: 'The days added up.' }) totals!: UsageTotalsDto;
}
