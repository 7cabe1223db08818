import { Body, Controller, Delete, Get, Headers, HttpCode, Param, Post, Query, Req, Res } from '@nestjs/common';
import {
  ApiAcceptedResponse,
  ApiBearerAuth,
  ApiBadRequestResponse,
  ApiConflictResponse,
  ApiHeader,
  ApiNoContentResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiBody,
  ApiConsumes,
  ApiExtraModels,
  ApiOperation,
  ApiPayloadTooLargeResponse,
  ApiProduces,
  ApiUnprocessableEntityResponse,
  ApiServiceUnavailableResponse,
  ApiTags,
  ApiTooManyRequestsResponse,
  ApiUnauthorizedResponse,
  ApiUnsupportedMediaTypeResponse,
} from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { ConfigService } from '@nestjs/config';
import { CurrentPrincipal } from '../auth/principal';
import type { Principal } from '../auth/principal';
import { API_V1 } from '../common/http/api-paths';
import { parseIdempotencyKey } from '../common/http/idempotency-key';
import { parsePreferWait } from '../common/http/prefer';
import { JsonBody } from '../common/http/json-body.guard';
import { ProblemDto } from '../common/problem.dto';
import { AppConfig } from '../config/config';
import { DomainError } from '../common/errors/domain-error';
import { validateBody } from '../common/http/validation';
import { EXPORT_FORMATS } from '../files/export/export.types';
import { FilesService } from '../files/files.service';
import { ExportQuery, ListItemsQuery, TaskItemListDto } from './dto/batch.dto';
import { CreateBatchTaskDto, CreateBatchUploadDto } from './dto/create-batch-task.dto';
import { CreateSingleTaskDto } from './dto/create-single-task.dto';
import { TaskEventsService, type TaskEvent } from './task-events.service';
import { TaskResultsService } from './task-results.service';
import { TaskStateConflictError } from './tasks.errors';
import { ListTasksQuery } from './dto/list-tasks.query';
import { TaskDto, TaskListDto } from './dto/task.dto';
import { presentTask, taskPath } from './task.presenter';
import { batchOptionsOf, TERMINAL_STATUSES } from './task.entity';
import { TasksService } from './tasks.service';

@ApiTags('tasks')
@ApiExtraModels(CreateBatchUploadDto)
@ApiBearerAuth()
@ApiUnauthorizedResponse({ type: ProblemDto, description: 'Missing, unknown or revoked API key.' })
@ApiTooManyRequestsResponse({ type: ProblemDto, description: 'Rate limit exceeded; see Retry-After.' })
@ApiServiceUnavailableResponse({ type: ProblemDto, description: 'PostgreSQL or Redis is unreachable; retry later.' })
@Controller(`${API_V1}/tasks`)
export class TasksController {
  constructor(
    private readonly tasks: TasksService,
    private readonly results: TaskResultsService,
    private readonly files: FilesService,
    private readonly events: TaskEventsService,
    private readonly config: ConfigService<AppConfig, true>,
  ) {}

  @Post('batch')
  @ApiOperation({
    summary: 'Analyse every row of an uploaded file',
    description:
      'Creates a batch task over a file from POST /api/v1/files (JSON body), or uploads the file and creates the task in one step ' +
      '(multipart/form-data: the `file` part plus the same fields; list fields as JSON arrays or comma-separated). ' +
      'The rows are split into chunks that any worker process takes; follow `progress`, or `links.events` (Server-Sent Events). ' +
      'Columns default to the ones the upload guessed.',
  })
  @ApiConsumes('application/json', 'multipart/form-data')
  @ApiBody({ type: CreateBatchTaskDto })
  @ApiHeader({ name: 'Idempotency-Key', required: false, description: 'Same key and body return the same task; same key, other body → 409.' })
  @ApiAcceptedResponse({ type: TaskDto, description: 'Queued. `Location` points to the task.' })
  @ApiOkResponse({ type: TaskDto, description: 'Completed at once with the rows of an earlier identical batch (`result.reusedFrom`; see `reuse`).' })
  @ApiBadRequestResponse({ type: ProblemDto, description: 'Invalid body, or a column that is not in the file.' })
  @ApiNotFoundResponse({ type: ProblemDto, description: 'No such file, or not yours.' })
  @ApiConflictResponse({ type: ProblemDto, description: 'Idempotency-Key reused with another body.' })
  @ApiPayloadTooLargeResponse({ type: ProblemDto, description: 'One-step form: the file is over the size limit.' })
  @ApiUnprocessableEntityResponse({ type: ProblemDto, description: 'The file has no rows, (one-step form) cannot be used, or the engine pin cannot be honoured (`engine-unavailable`).' })
  @ApiUnsupportedMediaTypeResponse({ type: ProblemDto, description: 'Body is neither application/json nor multipart/form-data.' })
  async createBatch(
    @CurrentPrincipal() principal: Principal,
    @Req() req: Request,
    @Headers('idempotency-key') idempotencyKeyHeader: string | undefined,
    @Res({ passthrough: true }) res: Response,
  ): Promise<TaskDto> {
    const idempotencyKey = parseIdempotencyKey(idempotencyKeyHeader);
    let plain: unknown = req.body;
    if (req.is('multipart/form-data')) {
      const upload = await this.files.upload(principal, req);
      plain = { ...batchFieldsFromForm(upload.fields), fileId: upload.file.id };
    } else if (!req.is(['application/json', 'application/*+json'])) {
      throw new DomainError('unsupported-media-type', `Send application/json, or multipart/form-data with the file (got ${req.headers['content-type'] ?? 'no Content-Type'}).`);
    }
    const dto = await validateBody(CreateBatchTaskDto, plain ?? {});
    const { task, replayed } = await this.tasks.createBatch(principal, dto, idempotencyKey);
    if (replayed) res.setHeader('Idempotent-Replayed', 'true');
    const reused = task.status === 'completed' && Boolean((task.result as { reusedFrom?: unknown } | null)?.reusedFrom);
    res.status(reused ? 200 : 202).setHeader('Location', taskPath(task.id));
    return presentTask(task);
  }

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
  @ApiNotFoundResponse({ type: ProblemDto, description: 'No such taxonomy (`taxonomyId`), or not yours.' })
  @ApiConflictResponse({ type: ProblemDto, description: 'Idempotency-Key reused with another body.' })
  @ApiPayloadTooLargeResponse({ type: ProblemDto })
  @ApiUnprocessableEntityResponse({ type: ProblemDto, description: '`engine-unavailable`: the engine pin names an engine or version this deployment does not run.' })
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

  @Post(':id/retry')
  @HttpCode(202)
  @ApiOperation({
    summary: 'Run a failed or cancelled task again',
    description:
      'Its owner or an admin. The task goes back to `queued` (a batch keeps the chunks it had written and analyses the rest) and is answered at once; ' +
      'follow it as after creation. Any other status → 409 `task-state-conflict`.',
  })
  @ApiAcceptedResponse({ type: TaskDto, description: 'Queued again. `Location` points to the task.' })
  @ApiNotFoundResponse({ type: ProblemDto, description: 'No such task, or not yours.' })
  @ApiConflictResponse({ type: ProblemDto, description: 'The task is not failed or cancelled (or a batch whose file was deleted).' })
  async retry(@CurrentPrincipal() principal: Principal, @Param('id') id: string, @Res({ passthrough: true }) res: Response): Promise<TaskDto> {
    const task = await this.tasks.retry(principal, id);
    res.setHeader('Location', taskPath(task.id));
    return presentTask(task);
  }

  @Get(':id/items')
  @ApiOperation({ summary: 'Page through the analysed rows of a batch', description: 'Row order, cursor pagination; filters combine with AND.' })
  @ApiOkResponse({ type: TaskItemListDto })
  @ApiBadRequestResponse({ type: ProblemDto })
  @ApiNotFoundResponse({ type: ProblemDto, description: 'No such task, or not yours.' })
  @ApiConflictResponse({ type: ProblemDto, description: 'A single-text task has no rows.' })
  async items(@CurrentPrincipal() principal: Principal, @Param('id') id: string, @Query() query: ListItemsQuery): Promise<TaskItemListDto> {
    const page = await this.results.items(principal, id, query);
    return { data: page.items, nextCursor: page.nextCursor, links: { next: page.nextCursor ? pageLink(`${taskPath(id)}/items`, query, page.nextCursor) : null } };
  }

  @Get(':id/errors')
  @ApiOperation({ summary: 'Rows of a batch that could not be analysed, with the reason' })
  @ApiOkResponse({ type: TaskItemListDto })
  @ApiBadRequestResponse({ type: ProblemDto })
  @ApiNotFoundResponse({ type: ProblemDto, description: 'No such task, or not yours.' })
  @ApiConflictResponse({ type: ProblemDto, description: 'A single-text task has no rows.' })
  async errors(@CurrentPrincipal() principal: Principal, @Param('id') id: string, @Query() query: ListItemsQuery): Promise<TaskItemListDto> {
    const page = await this.results.items(principal, id, query, true);
    return { data: page.items, nextCursor: page.nextCursor, links: { next: page.nextCursor ? pageLink(`${taskPath(id)}/errors`, query, page.nextCursor) : null } };
  }

  @Get(':id/export')
  @ApiOperation({
    summary: 'Download every row of a batch with its analysis',
    description: 'Streamed (never built in memory). Personal data in the text is replaced by typed placeholders unless `includePii=true`. Cells a spreadsheet would run as a formula are prefixed with `\'`. Available once the task completed or was cancelled.',
  })
  @ApiProduces('text/csv', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', 'application/json', 'application/x-ndjson')
  @ApiOkResponse({ description: 'The file, as an attachment.', schema: { type: 'string', format: 'binary' } })
  @ApiBadRequestResponse({ type: ProblemDto })
  @ApiNotFoundResponse({ type: ProblemDto, description: 'No such task, or not yours.' })
  @ApiConflictResponse({ type: ProblemDto, description: 'Single-text task, or still running.' })
  async export(@CurrentPrincipal() principal: Principal, @Param('id') id: string, @Query() query: ExportQuery, @Res() res: Response): Promise<void> {
    const task = await this.results.batchTask(principal, id);
    if (task.status !== 'completed' && task.status !== 'cancelled') throw new TaskStateConflictError(task.id, task.status, 'export it');
    const format = query.format ?? 'csv';
    const info = EXPORT_FORMATS[format];
    const base = (batchOptionsOf(task)?.fileName ?? 'batch').replace(/\.[A-Za-z0-9]{1,5}$/, '').replace(/[^\w.-]+/g, '_').slice(0, 80) || 'batch';
    res.status(200);
    res.setHeader('Content-Type', info.contentType);
    res.setHeader('Content-Disposition', `attachment; filename="${base}-sentir.${info.extension}"`);
    res.setHeader('Cache-Control', 'no-store');
    await this.results.export(task, format, res, query.includePii === 'true');
  }

  @Get(':id/events')
  @ApiOperation({
    summary: 'Follow a task with Server-Sent Events',
    description:
      'Events: `progress` (data: status and progress), then one of `completed`, `failed`, `cancelled` (data: the task) and the stream ends. ' +
      'The first event is sent at once with the current state. Works on any API instance.',
  })
  @ApiProduces('text/event-stream')
  @ApiOkResponse({ description: 'An event stream.', schema: { type: 'string' } })
  @ApiNotFoundResponse({ type: ProblemDto, description: 'No such task, or not yours.' })
  async stream(@CurrentPrincipal() principal: Principal, @Param('id') id: string, @Req() req: Request, @Res() res: Response): Promise<void> {
    const task = await this.tasks.get(principal, id);
    res.status(200);
    res.setHeader('Content-Type', 'text/event-stream; charset=utf-8');
    res.setHeader('Cache-Control', 'no-cache, no-transform');
    res.setHeader('X-Accel-Buffering', 'no');
    res.flushHeaders();
    let open = true;
    let sequence = 0;
    const send = (event: string, data: unknown) => {
      if (open) res.write(`id: ${++sequence}\nevent: ${event}\ndata: ${JSON.stringify(data)}\n\n`);
    };
    const close = () => {
      if (!open) return;
      open = false;
      unsubscribe();
      clearInterval(heartbeat);
      res.end();
    };
    const finish = async () => {
      const fresh = await this.tasks.get(principal, task.id).catch(() => null);
      if (fresh) send(fresh.status, presentTask(fresh));
      close();
    };
    const onEvent = (e: TaskEvent) => {
      if (TERMINAL_STATUSES.includes(e.status)) void finish();
      else send('progress', { status: e.status, progress: progressOf(e.processed, e.total) });
    };
    // Subscribe first, then read: an event between the two is not lost.
    const unsubscribe = this.events.subscribe(task.id, onEvent);
    const heartbeat = setInterval(() => open && res.write(': keep-alive\n\n'), 15_000);
    req.on('close', close);
    const current = await this.tasks.get(principal, task.id).catch(() => task);
    if (TERMINAL_STATUSES.includes(current.status)) {
      send(current.status, presentTask(current));
      close();
    } else {
      send('progress', { status: current.status, progress: progressOf(current.progressProcessed, current.progressTotal) });
    }
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

/** Form fields are strings: lists come as JSON arrays or comma-separated; `sheet` belongs to the upload. */
function batchFieldsFromForm(fields: Record<string, string>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(fields)) {
    if (name === 'sheet') continue;
    if (name === 'segmentColumns' || name === 'analyses') {
      const trimmed = value.trim();
      if (trimmed.startsWith('[')) {
        try {
          out[name] = JSON.parse(trimmed);
          continue;
        } catch {
          // fall through: validation will name the field
        }
      }
      out[name] = trimmed === '' ? [] : trimmed.split(',').map((v) => v.trim());
    } else if (name === 'engine') {
      try {
        out[name] = JSON.parse(value);
      } catch {
        out[name] = value; // validation names the field
      }
    } else {
      out[name] = value;
    }
  }
  return out;
}

function progressOf(processed: number, total: number) {
  return { processed, total, percent: total > 0 ? Math.floor((processed / total) * 100) : 0 };
}

function pageLink(path: string, query: ListItemsQuery, cursor: string): string {
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries(query)) if (v !== undefined && k !== 'cursor') params.set(k, String(v));
  params.set('cursor', cursor);
  return `/${path.replace(/^\//, '')}?${params.toString()}`;
}

function nextLink(query: ListTasksQuery, cursor: string): string {
  const params = new URLSearchParams();
  if (query.status) params.set('status', query.status);
  if (query.type) params.set('type', query.type);
  if (query.limit) params.set('limit', String(query.limit));
  params.set('cursor', cursor);
  return `/${API_V1}/tasks?${params.toString()}`;
}
