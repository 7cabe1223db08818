import { Controller, Get } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiProperty, ApiTags, ApiUnauthorizedResponse } from '@nestjs/swagger';
import { API_V1 } from '../common/http/api-paths';
import { ProblemDto } from '../common/problem.dto';
import { AppConfig } from '../config/config';
import { DEFAULT_FILE_LIMITS } from '../files/parsing/parsing.types';
import { TAXONOMY_LIMITS } from '../tasks/analysis/themes/taxonomy.validator';
import { MAX_TAXONOMIES_PER_USER, taxonomyBodyLimit } from '../taxonomies/taxonomy.limits';

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

export class SessionLimitsDto {
  @ApiProperty({ description: 'Largest session state, as compact JSON in UTF-8 bytes; more is 413 `session-too-large`.', example: 65536 }) maxStateBytes!: number;
  @ApiProperty({ description: 'Live sessions per user; creating one more evicts the least recently used.', example: 5 }) maxPerUser!: number;
  @ApiProperty({ description: 'Sliding time to live: a session expires this long after its last use.', example: 3600 }) ttlSeconds!: number;
}

export class TaxonomyLimitsDto {
  @ApiProperty({ description: 'Taxonomies per user (old versions do not count); one more is 409 `taxonomy-limit-reached`.', example: 50 }) maxPerUser!: number;
  @ApiProperty({ description: 'Largest JSON body of the taxonomy routes.', example: '1mb' }) bodyLimit!: string;
  @ApiProperty({ example: 100 }) maxThemes!: number;
  @ApiProperty({ example: 1000 }) maxKeywordsPerTheme!: number;
  @ApiProperty({ example: 20000 }) maxKeywordsTotal!: number;
  @ApiProperty({ description: 'Characters per keyword.', example: 80 }) maxKeywordLength!: number;
  @ApiProperty({ example: 6 }) maxWordsPerKeyword!: number;
  @ApiProperty({ example: 20 }) maxPatternsPerTheme!: number;
  @ApiProperty({ example: 200 }) maxPatternsTotal!: number;
  @ApiProperty({ description: 'Characters per pattern.', example: 200 }) maxPatternLength!: number;
}

export class LimitsDto {
  @ApiProperty({ type: TextLimitsDto }) text!: TextLimitsDto;
  @ApiProperty({ type: FileLimitsDto }) files!: FileLimitsDto;
  @ApiProperty({ type: RateLimitsDto }) rateLimits!: RateLimitsDto;
  @ApiProperty({ description: 'Largest N in `Prefer: wait=N`.' }) preferWaitMaxSeconds!: number;
  @ApiProperty({ description: 'Rows per chunk of a batch (the unit of work of a worker).' }) batchChunkSize!: number;
  @ApiProperty({ description: 'Largest JSON request body (taxonomy and session routes have their own).', example: '64kb' }) jsonBodyLimit!: string;
  @ApiProperty({ type: SessionLimitsDto }) sessions!: SessionLimitsDto;
  @ApiProperty({ type: TaxonomyLimitsDto }) taxonomies!: TaxonomyLimitsDto;
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
    const sessions = this.config.get('sessions', { infer: true });
    const bodyLimit = this.config.get('http', { infer: true }).bodyLimit;
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
      jsonBodyLimit: bodyLimit,
      sessions: { maxStateBytes: sessions.maxBytes, maxPerUser: sessions.maxPerUser, ttlSeconds: sessions.ttlSeconds },
      taxonomies: {
        maxPerUser: MAX_TAXONOMIES_PER_USER,
        bodyLimit: taxonomyBodyLimit(bodyLimit),
        maxThemes: TAXONOMY_LIMITS.maxThemes,
        maxKeywordsPerTheme: TAXONOMY_LIMITS.maxKeywordsPerTheme,
        maxKeywordsTotal: TAXONOMY_LIMITS.maxKeywordsTotal,
        maxKeywordLength: TAXONOMY_LIMITS.maxKeywordLength,
        maxWordsPerKeyword: TAXONOMY_LIMITS.maxWordsPerKeyword,
        maxPatternsPerTheme: TAXONOMY_LIMITS.maxPatternsPerTheme,
        maxPatternsTotal: TAXONOMY_LIMITS.maxPatternsTotal,
        maxPatternLength: TAXONOMY_LIMITS.maxPatternLength,
      },
    };
  }
}
