import { Body, Controller, Delete, Get, Headers, HttpCode, Param, Post, Query, Res } from '@nestjs/common';
import {
  ApiAcceptedResponse,
  ApiBearerAuth,
  ApiBadRequestResponse,
  ApiConflictResponse,
  ApiHeader,
  ApiNoContentResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiPayloadTooLargeResponse,
  ApiServiceUnavailableResponse,
  ApiTags,
  ApiTooManyRequestsResponse,
  ApiUnauthorizedResponse,
  ApiUnsupportedMediaTypeResponse,
} from '@nestjs/swagger';
import type { Response } from 'express';
import { ConfigService } from '@nestjs/config';
import { CurrentPrincipal } from '../auth/principal';
import type { Principal } from '../auth/principal';
import { API_V1 } from '../common/http/api-paths';
import { parseIdempotencyKey } from '../common/http/idempotency-key';
import { parsePreferWait } from '../common/http/prefer';
import { JsonBody } from '../common/http/json-body.guard';
import { ProblemDto } from '../common/problem.dto';
import { AppConfig } from '../config/config';
import { CreateSingleTaskDto } from './dto/create-single-task.dto';
import { ListTasksQuery } from './dto/list-tasks.query';
import { TaskDto, TaskListDto } from './dto/task.dto';
import { presentTask, taskPath } from './task.presenter';
import { TERMINAL_STATUSES } from './task.entity';
import { TasksService } from './tasks.service';

@ApiTags('tasks')
@ApiBearerAuth()
@ApiUnauthorizedResponse({ type: ProblemDto, description: 'Missing, unknown or revoked API key.' })
@ApiTooManyRequestsResponse({ type: ProblemDto, description: 'Rate limit exceeded; see Retry-After.' })
@ApiServiceUnavailableResponse({ type: ProblemDto, description: 'PostgreSQL or Redis is unreachable; retry later.' })
@Controller(`${API_V1}/tasks`)
export class TasksController {
  constructor(
    private readonly tasks: TasksService,
    private readonly config: ConfigService<AppConfig, true>,
  ) {}

  @Post('single')
  @JsonBody()
  @ApiOperation({
    summary: 'Analyse one text',
    description:
      'Records a task and queues it for a worker. With `Prefer: wait=N` (N ≤ 30) the answer waits up to N seconds and is 200 with the finished task when it completes in time.',
  })
  @ApiHeader({ name: 'Prefer', required: false, description: 'RFC 7240, e.g. `wait=5`.' })
  @ApiHeader({ name: 'Idempotency-Key', required: false, description: 'Same key and body return the same task; same key, other body → 409.' })
  @ApiAcceptedResponse({ type: TaskDto, description: 'Queued (or still running after the wait). `Location` points to the task.' })
  @ApiOkResponse({ type: TaskDto, description: 'Finished within `Prefer: wait`.' })
  @ApiBadRequestResponse({ type: ProblemDto })
  @ApiConflictResponse({ type: ProblemDto, description: 'Idempotency-Key reused with another body.' })
  @ApiPayloadTooLargeResponse({ type: ProblemDto })
  @ApiUnsupportedMediaTypeResponse({ type: ProblemDto, description: 'Body is not application/json.' })
  async createSingle(
    @CurrentPrincipal() principal: Principal,
    @Body() dto: CreateSingleTaskDto,
    @Headers('prefer') prefer: string | undefined,
    @Headers('idempotency-key') idempotencyKeyHeader: string | undefined,
    @Res({ passthrough: true }) res: Response,
  ): Promise<TaskDto> {
    const idempotencyKey = parseIdempotencyKey(idempotencyKeyHeader);
    const waitSeconds = parsePreferWait(prefer, this.config.get('limits', { infer: true }).preferWaitMaxSeconds);
    const { task: created, replayed } = await this.tasks.createSingle(principal, dto, idempotencyKey, waitSeconds * 1000);
    const task = replayed ? await this.tasks.waitForTerminal(created, waitSeconds * 1000) : created;
    if (waitSeconds > 0) res.setHeader('Preference-Applied', `wait=${waitSeconds}`);
    if (replayed) res.setHeader('Idempotent-Replayed', 'true');
    res.setHeader('Location', taskPath(task.id));
    res.status(waitSeconds > 0 && TERMINAL_STATUSES.includes(task.status) ? 200 : 202);
    return presentTask(task);
  }

  @Get()
  @ApiOperation({ summary: 'List your tasks, newest first (cursor pagination)' })
  @ApiOkResponse({ type: TaskListDto })
  @ApiBadRequestResponse({ type: ProblemDto })
  async list(@CurrentPrincipal() principal: Principal, @Query() query: ListTasksQuery): Promise<TaskListDto> {
    const { tasks, nextCursor } = await this.tasks.list(principal, query);
    const next = nextCursor ? nextLink(query, nextCursor) : null;
    return { data: tasks.map(presentTask), nextCursor, links: { next } };
  }

  @Get(':id')
  @ApiOperation({ summary: 'Get one task' })
  @ApiOkResponse({ type: TaskDto })
  @ApiNotFoundResponse({ type: ProblemDto, description: 'No such task, or not yours.' })
  async get(@CurrentPrincipal() principal: Principal, @Param('id') id: string): Promise<TaskDto> {
    return presentTask(await this.tasks.get(principal, id));
  }

  @Delete(':id')
  @HttpCode(200)
  @ApiOperation({ summary: 'Cancel a queued or running task, or delete a finished one' })
  @ApiOkResponse({ type: TaskDto, description: 'The task was queued or running and is now cancelled.' })
  @ApiNoContentResponse({ description: 'The task had finished and is now deleted.' })
  @ApiNotFoundResponse({ type: ProblemDto, description: 'No such task, or not yours.' })
  async remove(
    @CurrentPrincipal() principal: Principal,
    @Param('id') id: string,
    @Res({ passthrough: true }) res: Response,
  ): Promise<TaskDto | undefined> {
    const outcome = await this.tasks.remove(principal, id);
    if (outcome.action === 'deleted') {
      res.status(204);
      return undefined;
    }
    return presentTask(outcome.task);
  }
}

function nextLink(query: ListTasksQuery, cursor: string): string {
  const params = new URLSearchParams();
  if (query.status) params.set('status', query.status);
  if (query.type) params.set('type', query.type);
  if (query.limit) params.set('limit', String(query.limit));
  params.set('cursor', cursor);
  return `/${API_V1}/tasks?${params.toString()}`;
}
