import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, IsString, IsUrl, Matches, MaxLength } from 'class-validator';
import { TaskPriority } from '../../common/queue/queue.defaults';

export class CreateSingleTaskDto {
  @ApiProperty({
    description: 'The comment to analyse: 1 to TEXT_MAX_LENGTH characters (default 512; see GET /api/v1/limits once available).',
    example: 'El internet anda muy lento y nadie me atiende',
  })
  @IsString()
  text!: string;

  @ApiPropertyOptional({ enum: TaskPriority, default: 'normal' })
  @IsOptional()
  @IsIn(TaskPriority)
  priority?: TaskPriority;

  @ApiPropertyOptional({
    description: '`auto` (default) detects the language; an ISO 639-1 code skips detection.',
    example: 'auto',
    pattern: '^(auto|[a-z]{2})$',
  })
  @IsOptional()
  @IsString()
  @Matches(/^(auto|[a-z]{2})$/, { message: 'language must be "auto" or a lowercase ISO 639-1 code such as "es"' })
  language?: string;

  @ApiPropertyOptional({
    description:
      'HTTPS (or HTTP) URL that receives a signed POST when the task completes, fails or is cancelled (see GET /api/v1/keys/current). ' +
      'Private, loopback and link-local addresses are refused unless the operator allows them.',
    example: 'https://example.com/hooks/sentir',
  })
  @IsOptional()
  @IsUrl({ protocols: ['http', 'https'], require_protocol: true, require_tld: false }, { message: 'callbackUrl must be an http(s) URL' })
  @MaxLength(2000)
  callbackUrl?: string;
}
