import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';

export class FieldErrorDto {
  @ApiProperty({ example: 'text' }) field!: string;
  @ApiProperty({ example: 'must be between 1 and 512 characters' }) message!: string;
}

/** RFC 9457 problem document, as every error response carries it. */
export class ProblemDto {
  @ApiProperty({ format: 'uri', example: 'https://sentir.dev/problems/not-found' }) type!: string;
  @ApiProperty({ example: 'Resource not found' }) title!: string;
  @ApiProperty({ example: 404 }) status!: number;
  @ApiProperty({ example: 'Task 6f1c… does not exist or is not yours.' }) detail!: string;
  @ApiProperty({ example: '/api/v1/tasks/6f1c…' }) instance!: string;
  @ApiProperty({ example: 'b3c1d2e4-…' }) requestId!: string;
  @ApiPropertyOptional({ type: [FieldErrorDto], description: 'Present on validation-failed: one entry per bad field.' })
  errors?: FieldErrorDto[];
  @ApiPropertyOptional({ description: 'Present on rate-limited: seconds to wait (also in Retry-After).' })
  retryAfter?: number;
}
