import { Controller, Get } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiProperty, ApiTags, ApiUnauthorizedResponse } from '@nestjs/swagger';
import { API_V1 } from '../common/http/api-paths';
import { ProblemDto } from '../common/problem.dto';
import { AppConfig } from '../config/config';
import { DEFAULT_FILE_LIMITS } from '../files/parsing/parsing.types';

export class TextLimitsDto {
  @ApiProperty({ description: 'Characters (code points) in POST /tasks/single.', example: 512 }) singleMaxLength!: number;
  @ApiProperty({ description: 'Characters per batch row; longer rows are reported in /errors.', example: 5000 }) batchMaxLength!: number;
}

export class FileLimitsDto {
  @ApiProperty({ example: 52428800 }) maxBytes!: number;
  @ApiProperty({ example: 200000 }) maxRows!: number;
  @ApiProperty({ example: 200 }) maxColumns!: number;
  @ApiProperty({ description: 'Longest CSV record, TXT line, JSON string or XLSX cell, in characters.' }) maxLineChars!: number;
  @ApiProperty({ description: 'Deepest JSON nesting.' }) maxJsonDepth!: number;
  @ApiProperty({ description: 'XLSX: total declared uncompressed size.' }) maxUncompressedBytes!: number;
  @ApiProperty({ description: 'XLSX: largest uncompressed/compressed ratio of an entry.' }) maxCompressionRatio!: number;
  @ApiProperty({ type: [String], example: ['csv', 'xlsx', 'json', 'ndjson', 'txt'] }) formats!: string[];
  @ApiProperty({ description: 'Files and batch results are deleted after this many days.' }) retentionDays!: number;
}

export class RateLimitsDto {
  @ApiProperty({ description: 'Requests per minute per API key.' }) perKeyPerMinute!: number;
  @ApiProperty({ description: 'Requests per minute per client IP (checked before the key).' }) perIpPerMinute!: number;
}

export class LimitsDto {
  @ApiProperty({ type: TextLimitsDto }) text!: TextLimitsDto;
  @ApiProperty({ type: FileLimitsDto }) files!: FileLimitsDto;
  @ApiProperty({ type: RateLimitsDto }) rateLimits!: RateLimitsDto;
  @ApiProperty({ description: 'Largest N in `Prefer: wait=N`.' }) preferWaitMaxSeconds!: number;
  @ApiProperty({ description: 'Rows per chunk of a batch (the unit of work of a worker).' }) batchChunkSize!: number;
  @ApiProperty({ description: 'Largest JSON request body.', example: '64kb' }) jsonBodyLimit!: string;
}

@ApiTags('limits')
@ApiBearerAuth()
@ApiUnauthorizedResponse({ type: ProblemDto, description: 'Missing, unknown or revoked API key.' })
@Controller(`${API_V1}/limits`)
export class LimitsController {
  constructor(private readonly config: ConfigService<AppConfig, true>) {}

  @Get()
  @ApiOperation({ summary: 'Every limit this server enforces', description: 'So clients can check input before sending it.' })
  @ApiOkResponse({ type: LimitsDto })
  get(): LimitsDto {
    const limits = this.config.get('limits', { infer: true });
    const files = this.config.get('files', { infer: true });
    const batch = this.config.get('batch', { infer: true });
    return {
      text: { singleMaxLength: limits.textMaxLength, batchMaxLength: batch.textMaxLength },
      files: {
        maxBytes: files.maxBytes,
        maxRows: files.maxRows,
        maxColumns: files.maxColumns,
        maxLineChars: DEFAULT_FILE_LIMITS.maxLineChars,
        maxJsonDepth: DEFAULT_FILE_LIMITS.maxJsonDepth,
        maxUncompressedBytes: DEFAULT_FILE_LIMITS.maxUncompressedBytes,
        maxCompressionRatio: DEFAULT_FILE_LIMITS.maxCompressionRatio,
        formats: ['csv', 'xlsx', 'json', 'ndjson', 'txt'],
        retentionDays: batch.retentionDays,
      },
      rateLimits: { perKeyPerMinute: limits.ratePerMinute, perIpPerMinute: limits.ipRatePerMinute },
      preferWaitMaxSeconds: limits.preferWaitMaxSeconds,
      batchChunkSize: batch.chunkSize,
      jsonBodyLimit: this.config.get('http', { infer: true }).bodyLimit,
    };
  }
}
