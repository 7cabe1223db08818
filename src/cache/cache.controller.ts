import { Controller, Delete, Get, Header, Query } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiBearerAuth,
  ApiOkResponse,
  ApiOperation,
  ApiServiceUnavailableResponse,
  ApiTags,
  ApiTooManyRequestsResponse,
  ApiUnauthorizedResponse,
} from '@nestjs/swagger';
import { AdminOnly } from '../auth/admin.guard';
import { API_V1 } from '../common/http/api-paths';
import { ProblemDto } from '../common/problem.dto';
import { CacheService } from './cache.service';
import { CacheStatusDto, ClearCacheQuery, ClearCacheResultDto } from './dto/cache.dto';

@ApiTags('admin')
@ApiBearerAuth()
@AdminOnly()
@ApiUnauthorizedResponse({ type: ProblemDto, description: 'Missing, unknown or revoked credential.' })
@ApiTooManyRequestsResponse({ type: ProblemDto, description: 'Rate limit exceeded; see Retry-After.' })
@ApiServiceUnavailableResponse({ type: ProblemDto, description: 'Redis is unreachable; retry later.' })
@Controller(`${API_V1}/admin/cache`)
export class CacheController {
  constructor(private readonly cache: CacheService) {}

  @Get()
  @Header('Cache-Control', 'no-store')
  @ApiOperation({
    summary: 'Analysis cache: entries, bytes and hit ratio per level',
    description:
      'Memory figures are the in-process caches of the workers alive now (each publishes its own every 2 s), summed; ' +
      'hits and misses count since each of them started. Redis entries are counted with a bounded SCAN.',
  })
  @ApiOkResponse({ type: CacheStatusDto })
  status(): Promise<CacheStatusDto> {
    return this.cache.status();
  }

  @Delete()
  @ApiOperation({
    summary: 'Delete cached analysis results',
    description: 'Deletes Redis entries under the cache prefix (optionally only those continuing it with `prefix`) and has every worker drop the matching in-process entries.',
  })
  @ApiOkResponse({ type: ClearCacheResultDto })
  @ApiBadRequestResponse({ type: ProblemDto, description: '`prefix` has characters cache keys never contain.' })
  async clear(@Query() query: ClearCacheQuery): Promise<ClearCacheResultDto> {
    return { deleted: await this.cache.clear(query.prefix ?? '') };
  }
}
