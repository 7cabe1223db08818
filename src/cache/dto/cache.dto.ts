import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, IsString, Matches, MaxLength } from 'class-validator';
import { SUB_PREFIX_PATTERN } from '../cache-keys';

export class MemoryCacheLevelDto {
  @ApiProperty({ description: 'Entries in the in-process caches of the live workers, summed.' }) entries!: number;
  @ApiProperty({ description: 'Their approximate heap bytes, summed.' }) bytes!: number;
  @ApiProperty({ description: 'CACHE_L1_MAX_ENTRIES × live workers.' }) maxEntries!: number;
  @ApiProperty({ description: 'CACHE_L1_MAX_BYTES × live workers.' }) maxBytes!: number;
  @ApiProperty({ description: 'Look-ups answered from memory since each live worker started (a text repeated within a chunk counts as one).' }) hits!: number;
  @ApiProperty() misses!: number;
  @ApiProperty({ type: Number, nullable: true, minimum: 0, maximum: 1, description: 'hits / (hits + misses); null before any look-up.' }) hitRatio!: number | null;
}

export class RedisCacheLevelDto {
  @ApiProperty({ description: 'False when the cache Redis cannot be reached (analysis goes on without it).' }) available!: boolean;
  @ApiProperty({ type: Number, nullable: true, description: 'Keys under the cache prefix (bounded SCAN); null when unavailable.' }) entries!: number | null;
  @ApiProperty({ description: 'True when the count stopped early: `entries` is then a lower bound.' }) entriesApproximate!: boolean;
  @ApiProperty({ description: 'CACHE_TTL_SECONDS.' }) ttlSeconds!: number;
  @ApiProperty({ description: 'Memory misses found in Redis, since each live worker started.' }) hits!: number;
  @ApiProperty() misses!: number;
  @ApiProperty({ description: 'Look-ups that could not ask Redis (unreachable, timeout).' }) errors!: number;
  @ApiProperty({ type: Number, nullable: true, minimum: 0, maximum: 1 }) hitRatio!: number | null;
}

export class CacheLevelsDto {
  @ApiProperty({ type: MemoryCacheLevelDto }) memory!: MemoryCacheLevelDto;
  @ApiProperty({ type: RedisCacheLevelDto }) redis!: RedisCacheLevelDto;
}

export class CacheTotalsDto {
  @ApiProperty({ description: 'Texts answered from either level.' }) hits!: number;
  @ApiProperty({ description: 'Texts analysed.' }) misses!: number;
  @ApiProperty({ type: Number, nullable: true, minimum: 0, maximum: 1 }) hitRatio!: number | null;
}

export class CacheStatusDto {
  @ApiProperty({ description: 'CACHE_ENABLED.' }) enabled!: boolean;
  @ApiProperty({ description: 'Workers that reported their cache in the last 15 s.' }) workers!: number;
  @ApiProperty({ type: CacheLevelsDto }) levels!: CacheLevelsDto;
  @ApiProperty({ type: CacheTotalsDto }) overall!: CacheTotalsDto;
}

export class ClearCacheQuery {
  @ApiPropertyOptional({
    description: 'Only keys that continue the cache prefix with this (e.g. `sentir-local@0.3.0` for one engine version); empty or absent: every entry.',
    example: 'sentir-local@',
    maxLength: 200,
  })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  @Matches(SUB_PREFIX_PATTERN, { message: 'prefix may contain letters, digits and @ . _ : + - only' })
  prefix?: string;
}

export class ClearCacheResultDto {
  @ApiProperty({ description: 'Redis entries deleted. Every worker also drops its matching in-process entries.' }) deleted!: number;
}
