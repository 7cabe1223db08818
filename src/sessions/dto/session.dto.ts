import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ProblemDto } from '../../common/problem.dto';
import type { JsonObject } from '../session.entity';

const STATE_DOC = 'Free-form JSON object (UI state, selected file and task ids, filters…), at most SESSION_MAX_BYTES (default 65536) bytes as compact JSON.';

export class SessionLinksDto {
  @ApiProperty({ example: '/api/v1/sessions/6f1c…' }) self!: string;
  @ApiProperty({ example: '/api/v1/sessions/6f1c…/events', description: 'Server-Sent Events: every change, from any API instance.' }) events!: string;
}

export class SessionDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ type: 'object', additionalProperties: true, description: STATE_DOC, example: { view: 'batch', selectedTaskIds: ['6f1c…'], filters: { sentiment: 'negative' } } })
  state!: JsonObject;
  @ApiProperty({ minimum: 1, example: 3, description: 'Grows by one with every change of `state`; reads do not change it.' }) version!: number;
  @ApiProperty({ example: 'W/"3"', description: 'The ETag header of this version: send it back in If-Match.' }) etag!: string;
  @ApiProperty({ format: 'date-time' }) createdAt!: string;
  @ApiProperty({ format: 'date-time', description: 'Last read or write through the API (opening the event stream counts; listing does not).' }) lastActivityAt!: string;
  @ApiProperty({ format: 'date-time', description: 'lastActivityAt + SESSION_TTL_SECONDS; every read or write moves it.' }) expiresAt!: string;
  @ApiProperty({ type: SessionLinksDto }) links!: SessionLinksDto;
}

export class SessionListDto {
  @ApiProperty({ type: [SessionDto], description: 'Your live sessions, most recently active first (at most SESSION_MAX_PER_USER).' }) data!: SessionDto[];
}

/** Documents the POST body; the controller checks it itself (see SessionsService.create). */
export class CreateSessionDto {
  @ApiPropertyOptional({ type: 'object', additionalProperties: true, description: `${STATE_DOC} Default: {}.` }) state?: JsonObject;
}

/** Documents the PATCH body, a JSON Merge Patch (RFC 7396) of the session. */
export class SessionMergePatchDto {
  @ApiPropertyOptional({
    type: 'object',
    additionalProperties: true,
    nullable: true,
    description: 'Merged into `state`: members set to null are removed, objects merge recursively, anything else replaces. `"state": null` empties the state.',
    example: { filters: { sentiment: 'positive', language: null } },
  })
  state?: JsonObject | null;
}

export class SessionVersionConflictDto extends ProblemDto {
  @ApiProperty({ example: 4 }) currentVersion!: number;
  @ApiProperty({ type: SessionDto, description: 'The session as it is now: merge into it and retry with its `etag`.' }) current!: SessionDto;
}

export class SessionTooLargeDto extends ProblemDto {
  @ApiProperty({ example: 65536 }) limitBytes!: number;
  @ApiPropertyOptional({ example: 70312, description: 'Size of the resulting state, when the body could be read.' }) sizeBytes?: number;
}
