import { Body, Controller, Delete, Get, Headers, HttpCode, Param, Patch, Post, Req, Res } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiBearerAuth,
  ApiBody,
  ApiConsumes,
  ApiCreatedResponse,
  ApiHeader,
  ApiNoContentResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiPayloadTooLargeResponse,
  ApiPreconditionFailedResponse,
  ApiProduces,
  ApiNotModifiedResponse,
  ApiServiceUnavailableResponse,
  ApiTags,
  ApiTooManyRequestsResponse,
  ApiUnauthorizedResponse,
  ApiUnsupportedMediaTypeResponse,
} from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { CurrentPrincipal } from '../auth/principal';
import type { Principal } from '../auth/principal';
import { API_V1 } from '../common/http/api-paths';
import { parseIfMatch, versionETag } from '../common/http/if-match';
import { JsonBody } from '../common/http/json-body.guard';
import { ProblemDto } from '../common/problem.dto';
import { CreateSessionDto, SessionDto, SessionListDto, SessionMergePatchDto, SessionTooLargeDto, SessionVersionConflictDto } from './dto/session.dto';
import { SessionEventsService, type SessionEvent } from './session-events.service';
import type { SessionRecord } from './session.entity';
import { presentSession, sessionPath } from './session.presenter';
import { MERGE_PATCH_TYPE, MergePatchMediaTypeError } from './sessions.errors';
import { SessionsService } from './sessions.service';

const HEARTBEAT_MS = 15_000;
const ETAG_HEADER = { ETag: { description: 'W/"<version>": send it back in If-Match (PATCH, DELETE) or If-None-Match (GET).', schema: { type: 'string', example: 'W/"3"' } } };
const IF_MATCH_DOC = 'The ETag the change is based on, e.g. W/"3" (a list, or `*`). A stale one is 412 with the current session.';
/** setTimeout's ceiling; a longer TTL is simply re-checked on the way. */
const MAX_TIMER_MS = 2 ** 31 - 1;

@ApiTags('sessions')
@ApiBearerAuth()
@ApiUnauthorizedResponse({ type: ProblemDto, description: 'Missing, unknown or revoked API key.' })
@ApiTooManyRequestsResponse({ type: ProblemDto, description: 'Rate limit exceeded; see Retry-After.' })
@ApiServiceUnavailableResponse({ type: ProblemDto, description: 'PostgreSQL or Redis is unreachable; retry later.' })
@Controller(`${API_V1}/sessions`)
export class SessionsController {
  constructor(
    private readonly sessions: SessionsService,
    private readonly events: SessionEventsService,
  ) {}

  @Post()
  @JsonBody()
  @ApiOperation({
    summary: 'Create a session (a workspace for a UI client)',
    description:
      'Keeps a client\'s working state on the server so that a reload, another tab or a later visit finds it. Sessions expire after SESSION_TTL_SECONDS ' +
      'without activity (default 1 h; every read or write slides it). Creating one more than SESSION_MAX_PER_USER (default 5) evicts your least recently active session.',
  })
  @ApiBody({ type: CreateSessionDto, required: false })
  @ApiCreatedResponse({ type: SessionDto, headers: ETAG_HEADER, description: 'Created. `Location` points to the session.' })
  @ApiBadRequestResponse({ type: ProblemDto, description: '`state` is not a JSON object, or is nested too deep.' })
  @ApiPayloadTooLargeResponse({ type: SessionTooLargeDto, description: 'The state is larger than SESSION_MAX_BYTES.' })
  @ApiUnsupportedMediaTypeResponse({ type: ProblemDto, description: 'Body is not application/json.' })
  async create(@CurrentPrincipal() principal: Principal, @Body() body: unknown, @Res({ passthrough: true }) res: Response): Promise<SessionDto> {
    const session = await this.sessions.create(principal, body);
    res.status(201).setHeader('Location', sessionPath(session.id));
    return this.withEtag(res, session);
  }

  @Get()
  @ApiOperation({ summary: 'List your live sessions, most recently active first', description: 'Listing does not count as activity.' })
  @ApiOkResponse({ type: SessionListDto })
  async list(@CurrentPrincipal() principal: Principal, @Res({ passthrough: true }) res: Response): Promise<SessionListDto> {
    res.setHeader('Cache-Control', 'private, no-cache');
    return { data: (await this.sessions.list(principal)).map(presentSession) };
  }

  @Get(':id')
  @ApiOperation({
    summary: 'Get a session',
    description: 'A read is activity: it slides `expiresAt`. With If-None-Match naming the current ETag the answer is 304 (the session is still touched).',
  })
  @ApiOkResponse({ type: SessionDto, headers: ETAG_HEADER })
  @ApiNotModifiedResponse({ description: 'If-None-Match matched the ETag: your copy of the state is current.' })
  @ApiNotFoundResponse({ type: ProblemDto, description: 'No such session (or expired, evicted, deleted, not yours).' })
  async get(
    @CurrentPrincipal() principal: Principal,
    @Param('id') id: string,
    @Headers('if-none-match') ifNoneMatch: string | undefined,
    @Res({ passthrough: true }) res: Response,
  ): Promise<SessionDto | undefined> {
    const session = await this.sessions.get(principal, id);
    res.setHeader('Cache-Control', 'private, no-cache');
    const dto = this.withEtag(res, session);
    // Checked here, not left to Express: its freshness check gives up when the request says
    // `Cache-Control: no-cache`, which fetch() adds to every request carrying If-None-Match.
    if (notModified(ifNoneMatch, session.version)) {
      res.status(304);
      return undefined;
    }
    return dto;
  }

  @Patch(':id')
  @ApiOperation({
    summary: 'Change a session with a JSON Merge Patch (RFC 7396)',
    description:
      'Only `state` is writable: `{"state": {"filters": {"language": null}, "view": "items"}}` removes `filters.language` and sets `view`. ' +
      'Send `If-Match` with the ETag you last saw: if another tab changed the session since, the answer is 412 with the current session in `current`. ' +
      'Every tab\'s event stream receives the new version.',
  })
  @ApiConsumes(MERGE_PATCH_TYPE)
  @ApiBody({ type: SessionMergePatchDto })
  @ApiHeader({ name: 'If-Match', required: false, description: IF_MATCH_DOC })
  @ApiOkResponse({ type: SessionDto, headers: ETAG_HEADER, description: 'The session after the patch.' })
  @ApiBadRequestResponse({ type: ProblemDto, description: 'Not a merge patch of `state`, the result is not a JSON object, or If-Match is malformed.' })
  @ApiNotFoundResponse({ type: ProblemDto, description: 'No such session (or expired, evicted, deleted, not yours).' })
  @ApiPreconditionFailedResponse({ type: SessionVersionConflictDto, description: 'If-Match names an older version; `current` is the session now (its ETag also in the ETag header).' })
  @ApiPayloadTooLargeResponse({ type: SessionTooLargeDto, description: 'The resulting state would be larger than SESSION_MAX_BYTES.' })
  @ApiUnsupportedMediaTypeResponse({ type: ProblemDto, description: `Body is not ${MERGE_PATCH_TYPE} (see Accept-Patch).` })
  async patch(
    @CurrentPrincipal() principal: Principal,
    @Param('id') id: string,
    @Req() req: Request,
    @Headers('if-match') ifMatch: string | undefined,
    @Res({ passthrough: true }) res: Response,
  ): Promise<SessionDto> {
    if (!req.is(MERGE_PATCH_TYPE)) throw new MergePatchMediaTypeError(req.headers['content-type']);
    const session = await this.sessions.patch(principal, id, req.body, parseIfMatch(ifMatch));
    return this.withEtag(res, session);
  }

  @Delete(':id')
  @HttpCode(204)
  @ApiOperation({ summary: 'Delete a session', description: 'Its event streams receive `deleted` and end. With If-Match, only at that version.' })
  @ApiHeader({ name: 'If-Match', required: false, description: IF_MATCH_DOC })
  @ApiNoContentResponse({ description: 'Deleted.' })
  @ApiBadRequestResponse({ type: ProblemDto, description: 'Malformed If-Match.' })
  @ApiNotFoundResponse({ type: ProblemDto, description: 'No such session (or expired, evicted, deleted, not yours).' })
  @ApiPreconditionFailedResponse({ type: SessionVersionConflictDto, description: 'If-Match names an older version; `current` is the session now.' })
  async remove(@CurrentPrincipal() principal: Principal, @Param('id') id: string, @Headers('if-match') ifMatch: string | undefined): Promise<void> {
    await this.sessions.remove(principal, id, parseIfMatch(ifMatch));
  }

  @Get(':id/events')
  @ApiOperation({
    summary: 'Follow a session with Server-Sent Events',
    description:
      'First `changed` with the session as it is, then `changed` (data: the session; `id:` is its version) after every change made through any API instance, ' +
      'and finally `deleted` (data: `{id, reason: deleted|evicted}`) or `expired` (data: `{id, reason: expired}`), after which the stream ends. ' +
      'Comments (`: keep-alive`) every 15 s. Opening the stream is activity; keeping it open is not.',
  })
  @ApiProduces('text/event-stream')
  @ApiOkResponse({ description: 'An event stream.', schema: { type: 'string' } })
  @ApiNotFoundResponse({ type: ProblemDto, description: 'No such session (or expired, evicted, deleted, not yours).' })
  async stream(@CurrentPrincipal() principal: Principal, @Param('id') id: string, @Req() req: Request, @Res() res: Response): Promise<void> {
    // Subscribe first, then read: a change between the two is not lost (versions dedupe it).
    const pending: SessionEvent[] = [];
    let onEvent: (e: SessionEvent) => void = (e) => pending.push(e);
    const unsubscribe = this.events.subscribe(id, (e) => onEvent(e));
    let session: SessionRecord;
    try {
      session = await this.sessions.get(principal, id);
    } catch (err) {
      unsubscribe();
      throw err;
    }
    res.status(200);
    res.setHeader('Content-Type', 'text/event-stream; charset=utf-8');
    res.setHeader('Cache-Control', 'no-cache, no-transform');
    res.setHeader('X-Accel-Buffering', 'no');
    res.flushHeaders();

    let open = true;
    let sentVersion = 0;
    let expiryTimer: NodeJS.Timeout | undefined;
    const write = (chunk: string) => open && res.write(chunk);
    const heartbeat = setInterval(() => write(': keep-alive\n\n'), HEARTBEAT_MS);
    const sendChanged = (dto: SessionDto) => {
      if (dto.version <= sentVersion) return;
      sentVersion = dto.version;
      write(`id: ${dto.version}\nevent: changed\ndata: ${JSON.stringify(dto)}\n\n`);
    };
    const end = (event: 'deleted' | 'expired', reason: string) => {
      write(`event: ${event}\ndata: ${JSON.stringify({ id: session.id, reason })}\n\n`);
      close();
    };
    const close = () => {
      if (!open) return;
      open = false;
      unsubscribe();
      clearInterval(heartbeat);
      clearTimeout(expiryTimer);
      res.end();
    };
    // Nobody announces an expiry: at the expected time, look (without sliding it) and either end or wait for the new expiry.
    const armExpiry = (expiresAt: Date | string) => {
      clearTimeout(expiryTimer);
      if (!open) return;
      const delay = Math.min(Math.max(new Date(expiresAt).getTime() - Date.now() + 50, 0), MAX_TIMER_MS);
      expiryTimer = setTimeout(() => void checkExpiry(), delay);
    };
    const checkExpiry = async () => {
      if (!open) return;
      try {
        const seen = await this.sessions.peek(principal, session.id);
        if (seen.kind === 'ended') return end(seen.reason === 'expired' ? 'expired' : 'deleted', seen.reason);
        sendChanged(presentSession(seen.session));
        armExpiry(seen.session.expiresAt);
      } catch {
        // Redis or PostgreSQL briefly unreachable: look again shortly.
        if (open) expiryTimer = setTimeout(() => void checkExpiry(), 1000);
      }
    };
    onEvent = (e) => {
      if (!open || e.userId !== principal.userId) return;
      if (e.type === 'deleted') return end('deleted', e.reason);
      sendChanged(e.session);
      armExpiry(e.session.expiresAt);
    };
    res.on('close', close);
    if (req.socket.destroyed) close(); // gone while the session was read

    sendChanged(presentSession(session));
    armExpiry(session.expiresAt);
    for (const e of pending.splice(0)) onEvent(e);
  }

  private withEtag(res: Response, session: SessionRecord): SessionDto {
    res.setHeader('ETag', versionETag(session.version));
    return presentSession(session);
  }
}

/** If-None-Match (weak comparison, RFC 9110 §13.1.2) names this version. A malformed header is ignored: the answer is then a full 200. */
function notModified(header: string | undefined, version: number): boolean {
  if (!header) return false;
  try {
    const tags = parseIfMatch(header);
    return tags !== undefined && (tags.any || tags.versions.includes(version));
  } catch {
    return false;
  }
}
