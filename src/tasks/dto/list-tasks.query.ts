import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional } from 'class-validator';
import { PageQuery } from '../../common/http/page.query';
import { TaskStatus, TaskType } from '../task.entity';

export class ListTasksQuery extends PageQuery {
  @ApiPropertyOptional({ enum: TaskStatus })
  @IsOptional()
  @IsIn(TaskStatus)
  status?: TaskStatus;

  @ApiPropertyOptional({ enum: TaskType })
  @IsOptional()
  @IsIn(TaskType)
  type?: TaskType;
}
