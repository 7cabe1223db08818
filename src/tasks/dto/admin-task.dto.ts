import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, IsUUID } from 'class-validator';
import { ListTasksQuery } from './list-tasks.query';
import { PageLinksDto, TaskDto } from './task.dto';

export class AdminListTasksQuery extends ListTasksQuery {
  @ApiPropertyOptional({ format: 'uuid', description: "Only this user's tasks." })
  @IsOptional()
  @IsUUID()
  userId?: string;
}

export class TaskOwnerDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ example: 'acme-support' }) name!: string;
}

export class AdminTaskDto extends TaskDto {
  @ApiProperty({ type: TaskOwnerDto, description: 'The user the task belongs to.' }) owner!: TaskOwnerDto;
}

export class AdminTaskListDto {
  @ApiProperty({ type: [AdminTaskDto] }) data!: AdminTaskDto[];
  @ApiProperty({ nullable: true, type: String, description: 'Pass as `cursor` to get the next page; null on the last page.' })
  nextCursor!: string | null;
  @ApiProperty({ type: PageLinksDto }) links!: PageLinksDto;
}
