import { Body, Controller, Delete, Get, Headers, HttpCode, Param, Post, Put, Query, Res } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiBearerAuth,
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiHeader,
  ApiMethodNotAllowedResponse,
  ApiNoContentResponse,
  ApiNotFoundResponse,
  ApiNotModifiedResponse,
  ApiOkResponse,
  ApiOperation,
  ApiPayloadTooLargeResponse,
  ApiPreconditionFailedResponse,
  ApiPreconditionRequiredResponse,
  ApiServiceUnavailableResponse,
  ApiTags,
  ApiTooManyRequestsResponse,
  ApiUnauthorizedResponse,
  ApiUnsupportedMediaTypeResponse,
} from '@nestjs/swagger';
import type { Response } from 'express';
import { CurrentPrincipal } from '../auth/principal';
import type { Principal } from '../auth/principal';
import { API_V1 } from '../common/http/api-paths';
import { parseIfMatch, versionETag } from '../common/http/if-match';
import { JsonBody } from '../common/http/json-body.guard';
import { ProblemDto } from '../common/problem.dto';
import { CreateTaxonomyDto, GetTaxonomyQuery, ListTaxonomiesQuery, TaxonomyDto, TaxonomyListDto, UpdateTaxonomyDto } from './dto/taxonomy.dto';
import { TaxonomiesService } from './taxonomies.service';
import { presentDefaultTaxonomy, presentTaxonomy, presentTaxonomySummary, taxonomyPath } from './taxonomy.presenter';
import { MAX_TAXONOMIES_PER_USER, TAXONOMY_BODY_LIMIT } from './taxonomy.limits';

const ETAG_HEADER = { ETag: { description: 'W/"<version>": send it back in If-Match to replace this version.', schema: { type: 'string', example: 'W/"3"' } } };
const IF_MATCH = {
  name: 'If-Match',
  required: false,
  description: 'The ETag you read, e.g. W/"3" (a list, or `*` for any version, also works). A stale one is 412.',
};

@ApiTags('taxonomies')
@ApiBearerAuth()
@ApiUnauthorizedResponse({ type: ProblemDto, description: 'Missing, unknown or revoked API key.' })
@ApiTooManyRequestsResponse({ type: ProblemDto, description: 'Rate limit exceeded; see Retry-After.' })
@ApiServiceUnavailableResponse({ type: ProblemDto, description: 'PostgreSQL or Redis is unreachable; retry later.' })
@Controller(`${API_V1}/taxonomies`)
export class TaxonomiesController {
  constructor(private readonly taxonomies: TaxonomiesService) {}

  @Post()
  @JsonBody()
  @ApiOperation({
    summary: 'Create a taxonomy: themes with keywords per language and safe patterns',
    description:
      `Version 1 of a new taxonomy, checked by the theme engine's own validator. Bodies up to ${TAXONOMY_BODY_LIMIT} ` +
      `(this route only); at most ${MAX_TAXONOMIES_PER_USER} taxonomies per user. Start from GET /api/v1/taxonomies/default.`,
  })
  @ApiCreatedResponse({ type: TaxonomyDto, description: 'Created. `Location` points to it.', headers: ETAG_HEADER })
  @ApiBadRequestResponse({ type: ProblemDto, description: 'Not a valid taxonomy; `errors` names each field, e.g. `themes[2].patterns[0]`.' })
  @ApiConflictResponse({ type: ProblemDto, description: '`taxonomy-limit-reached`: delete one first.' })
  @ApiPayloadTooLargeResponse({ type: ProblemDto, description: `Body over ${TAXONOMY_BODY_LIMIT}.` })
  @ApiUnsupportedMediaTypeResponse({ type: ProblemDto, description: 'Body is not application/json.' })
  async create(@CurrentPrincipal() principal: Principal, @Body() body: CreateTaxonomyDto, @Res({ passthrough: true }) res: Response): Promise<TaxonomyDto> {
    const t = await this.taxonomies.create(principal, body);
    res.setHeader('Location', taxonomyPath(t.id));
    res.setHeader('ETag', versionETag(t.version));
    return presentTaxonomy(t);
  }

  @Get()
  @ApiOperation({ summary: 'List your taxonomies, newest first (cursor pagination; without themes)' })
  @ApiOkResponse({ type: TaxonomyListDto })
  @ApiBadRequestResponse({ type: ProblemDto })
  async list(@CurrentPrincipal() principal: Principal, @Query() query: ListTaxonomiesQuery): Promise<TaxonomyListDto> {
    const limit = query.limit ?? 20;
    const { taxonomies, nextCursor } = await this.taxonomies.list(principal, limit, query.cursor);
    const next = nextCursor ? `/${API_V1}/taxonomies?${new URLSearchParams({ limit: String(limit), cursor: nextCursor }).toString()}` : null;
    return { data: taxonomies.map(presentTaxonomySummary), nextCursor, links: { next } };
  }

  // Declared before ':id' so that it wins the route match.
  @Get('default')
  @ApiOperation({
    summary: 'The built-in taxonomy for connectivity services (ISP), read-only',
    description: 'What tasks use when they name no taxonomy. To change it, POST its `name` and `themes` as your own taxonomy.',
  })
  @ApiOkResponse({ type: TaxonomyDto, headers: ETAG_HEADER })
  @ApiNotModifiedResponse({ description: 'If-None-Match matched the ETag.' })
  @ApiNotFoundResponse({ type: ProblemDto, description: 'No such version.' })
  getDefault(@Query() query: GetTaxonomyQuery, @Res({ passthrough: true }) res: Response): TaxonomyDto {
    this.taxonomies.assertDefaultVersion(query.version);
    const t = presentDefaultTaxonomy();
    res.setHeader('ETag', versionETag(t.version));
    return t;
  }

  @Get(':id')
  @ApiOperation({ summary: 'Get a taxonomy: the current version, or an older one with ?version=' })
  @ApiOkResponse({ type: TaxonomyDto, headers: ETAG_HEADER })
  @ApiNotModifiedResponse({ description: 'If-None-Match matched the ETag.' })
  @ApiBadRequestResponse({ type: ProblemDto })
  @ApiNotFoundResponse({ type: ProblemDto, description: 'No such taxonomy or version, or not yours.' })
  async get(@CurrentPrincipal() principal: Principal, @Param('id') id: string, @Query() query: GetTaxonomyQuery, @Res({ passthrough: true }) res: Response): Promise<TaxonomyDto> {
    const t = await this.taxonomies.get(principal, id, query.version);
    res.setHeader('ETag', versionETag(t.version));
    return presentTaxonomy(t);
  }

  @Put(':id')
  @JsonBody()
  @ApiOperation({
    summary: 'Replace a taxonomy (the next version); older versions stay readable',
    description:
      'Send the whole taxonomy and say which version you replace: `If-Match: W/"<version>"` (the ETag you read) or `version` in the body. ' +
      'Neither is 428; a version that is no longer current is 412 `version-conflict` with `currentVersion`.',
  })
  @ApiHeader(IF_MATCH)
  @ApiOkResponse({ type: TaxonomyDto, description: 'The new version.', headers: ETAG_HEADER })
  @ApiBadRequestResponse({ type: ProblemDto, description: 'Not a valid taxonomy (`errors` names each field), or a malformed If-Match.' })
  @ApiNotFoundResponse({ type: ProblemDto, description: 'No such taxonomy, or not yours.' })
  @ApiMethodNotAllowedResponse({ type: ProblemDto, description: '`default` is read-only.' })
  @ApiPreconditionFailedResponse({ type: ProblemDto, description: '`version-conflict`: someone saved another version; `currentVersion` says which.' })
  @ApiPreconditionRequiredResponse({ type: ProblemDto, description: '`precondition-required`: send If-Match or `version`.' })
  @ApiPayloadTooLargeResponse({ type: ProblemDto, description: `Body over ${TAXONOMY_BODY_LIMIT}.` })
  @ApiUnsupportedMediaTypeResponse({ type: ProblemDto, description: 'Body is not application/json.' })
  async replace(
    @CurrentPrincipal() principal: Principal,
    @Param('id') id: string,
    @Headers('if-match') ifMatch: string | undefined,
    @Body() body: UpdateTaxonomyDto,
    @Res({ passthrough: true }) res: Response,
  ): Promise<TaxonomyDto> {
    const t = await this.taxonomies.replace(principal, id, body, parseIfMatch(ifMatch));
    res.setHeader('ETag', versionETag(t.version));
    return presentTaxonomy(t);
  }

  @Delete(':id')
  @HttpCode(204)
  @ApiOperation({ summary: 'Delete a taxonomy and all its versions', description: 'Results already computed with it are not changed.' })
  @ApiHeader({ ...IF_MATCH, description: 'Optional: delete only if this is still the current version.' })
  @ApiNoContentResponse({ description: 'Deleted.' })
  @ApiBadRequestResponse({ type: ProblemDto, description: 'A malformed If-Match.' })
  @ApiNotFoundResponse({ type: ProblemDto, description: 'No such taxonomy, or not yours.' })
  @ApiMethodNotAllowedResponse({ type: ProblemDto, description: '`default` is read-only.' })
  @ApiPreconditionFailedResponse({ type: ProblemDto, description: '`version-conflict`: If-Match names a version that is no longer current.' })
  async remove(@CurrentPrincipal() principal: Principal, @Param('id') id: string, @Headers('if-match') ifMatch: string | undefined): Promise<void> {
    await this.taxonomies.remove(principal, id, parseIfMatch(ifMatch));
  }
}
