import { Controller, Get, Query } from '@nestjs/common';
import { ApiBadRequestResponse, ApiBearerAuth, ApiOkResponse, ApiOperation, ApiServiceUnavailableResponse, ApiTags, ApiTooManyRequestsResponse, ApiUnauthorizedResponse } from '@nestjs/swagger';
import { AdminOnly } from '../auth/admin.guard';
import { API_V1 } from '../common/http/api-paths';
import { ProblemDto } from '../common/problem.dto';
import { AdminListTasksQuery, AdminTaskListDto } from './dto/admin-task.dto';
import { presentTask } from './task.presenter';
import { TasksService } from './tasks.service';

/** Operators' view of every user's tasks, e.g. `?status=failed` to find what to retry. */
@ApiTags('admin')
@ApiBearerAuth()
@AdminOnly()
@ApiUnauthorizedResponse({ type: ProblemDto, description: 'Missing, unknown or revoked credential.' })
@ApiTooManyRequestsResponse({ type: ProblemDto, description: 'Rate limit exceeded; see Retry-After.' })
@ApiServiceUnavailableResponse({ type: ProblemDto, description: 'PostgreSQL or Redis is unreachable; retry later.' })
@Controller(`${API_V1}/admin/tasks`)
export class AdminTasksController {
  constructor(private readonly tasks: TasksService) {}

  @Get()
  @ApiOperation({
    summary: "Admins: every user's tasks, newest first (cursor pagination)",
    description: 'Filters: `status` (e.g. `failed`, with the reason in each task\'s `error`), `type`, `userId`. Retry one with POST /api/v1/tasks/{id}/retry.',
  })
  @ApiOkResponse({ type: AdminTaskListDto })
  @ApiBadRequestResponse({ type: ProblemDto })
  async list(@Query() query: AdminListTasksQuery): Promise<AdminTaskListDto> {
    const { tasks, nextCursor } = await this.tasks.listAll(query);
    return {
      data: tasks.map(({ task, ownerName }) => ({ ...presentTask(task), owner: { id: task.userId, name: ownerName } })),
      nextCursor,
      links: { next: nextCursor ? nextLink(query, nextCursor) : null },
    };
  }
}

function nextLink(query: AdminListTasksQuery, cursor: string): string {
  const params = new URLSearchParams();
  if (query.status) params.set('status', query.status);
  if (query.type) params.set('type', query.type);
  if (query.userId) params.set('userId', query.userId);
  if (query.limit) params.set('limit', String(query.limit));
  params.set('cursor', cursor);
  return `/${API_V1}/admin/tasks?${params.toString()}`;
}
