import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, IsString, Matches } from 'class-validator';
import { ENGINE_NAMES } from '../analysis/engine-versions';

/**
 * Pins the engine a task must run on: copy `result.engine.name`/`version` of an earlier task to
 * get the same analysis, or be told (422 `engine-unavailable`) that this deployment runs another.
 */
export class EnginePinDto {
  @ApiPropertyOptional({ enum: ENGINE_NAMES, example: 'sentir-local', description: 'The engine (default: whichever this deployment runs, ENGINE=local|openai).' })
  @IsOptional()
  @IsIn(ENGINE_NAMES)
  name?: string;

  @ApiPropertyOptional({ example: '0.3.0', pattern: '^\\d+\\.\\d+\\.\\d+$', description: 'The exact engine version (semver, as in `result.engine.version`).' })
  @IsOptional()
  @IsString()
  @Matches(/^\d{1,4}\.\d{1,4}\.\d{1,4}$/, { message: 'engine.version must be a version such as "0.3.0"' })
  version?: string;
}
