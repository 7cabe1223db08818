import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayUnique, IsArray, IsIn, IsInt, IsOptional, IsString, IsUrl, Matches, MaxLength, Min, ValidateNested } from 'class-validator';
import { TaskPriority } from '../../common/queue/queue.defaults';
import { ANALYSES, type Analysis } from '../analysis/analyses';
import { EnginePinDto } from './engine-pin.dto';

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
      'HTTPS (or HTTP) URL that receives a signed POST when the task completes, fails or is cancelled (verify it with the secret from GET /api/v1/me/webhook-secret). ' +
      'Private, loopback and link-local addresses are refused unless the operator allows them.',
    example: 'https://example.com/hooks/sentir',
  })
  @IsOptional()
  @IsUrl({ protocols: ['http', 'https'], require_protocol: true, require_tld: false }, { message: 'callbackUrl must be an http(s) URL' })
  @MaxLength(2000)
  callbackUrl?: string;

  @ApiPropertyOptional({
    enum: ANALYSES,
    isArray: true,
    default: ANALYSES,
    description: 'Analyses to run (default: all). Language detection and sentiment always run; leaving out the others makes the task cheaper and its result smaller.',
  })
  @IsOptional()
  @IsArray()
  @ArrayUnique()
  @IsIn(ANALYSES, { each: true })
  analyses?: Analysis[];

  @ApiPropertyOptional({ description: 'Taxonomy for `themes`: the id of one of yours (POST /api/v1/taxonomies) or `default` (the built-in ISP taxonomy, the default).', example: 'default' })
  @IsOptional()
  @IsString()
  @Matches(/^(default|[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})$/, { message: 'taxonomyId must be "default" or a taxonomy id' })
  taxonomyId?: string;

  @ApiPropertyOptional({ minimum: 1, description: 'Pin a version of the taxonomy (default: its latest).' })
  @IsOptional()
  @IsInt()
  @Min(1)
  taxonomyVersion?: number;

  @ApiPropertyOptional({ type: EnginePinDto, description: 'Run only on this engine (name and/or exact version); 422 `engine-unavailable` when this deployment runs another.' })
  @IsOptional()
  @ValidateNested()
  @Type(() => EnginePinDto)
  engine?: EnginePinDto;
}
