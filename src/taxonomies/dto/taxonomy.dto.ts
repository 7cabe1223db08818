import { PageQuery } from '../../common/http/page.query';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import { IsArray, IsInt, IsOptional, IsString, Max, MaxLength, Min } from 'class-validator';
import { TAXONOMY_LIMITS } from '../../tasks/analysis/themes/taxonomy.validator';

const L = TAXONOMY_LIMITS;

export class TaxonomyThemeDto {
  @ApiProperty({
    example: 'price-billing',
    maxLength: L.maxIdLength,
    pattern: '^[a-z0-9]+(?:[-_][a-z0-9]+)*$',
    description: 'Slug, unique in the taxonomy: lower-case letters and digits separated by single `-` or `_`. Results name themes by it.',
  })
  id!: string;

  @ApiProperty({ example: 'Price and billing', maxLength: L.maxLabelLength }) label!: string;

  @ApiProperty({
    type: 'object',
    additionalProperties: { type: 'array', items: { type: 'string', maxLength: L.maxKeywordLength } },
    example: { es: ['factur*', 'muy caro', 'doble cobro'], en: ['overcharged', 'bill*'], gn: ['hepy'] },
    description:
      `Cues per language (ISO 639 code: \`es\`, \`en\`, \`gn\`…; at most ${L.maxLanguagesPerTheme}), all matched on every text. ` +
      `A cue is 1 to ${L.maxWordsPerKeyword} words, matched on whole words without case or accents; a trailing \`*\` on a word ` +
      `(stem of ${L.minPrefixStem}+ letters) matches any ending. At most ${L.maxKeywordsPerTheme} per theme and ${L.maxKeywordsTotal} in all.`,
  })
  keywords!: Record<string, string[]>;

  @ApiPropertyOptional({
    type: [String],
    example: ['\\d{1,3} ?mil guaranies'],
    description:
      `Regular expressions in a safe subset, matched on the folded text (lower case, no accents) on word boundaries: ` +
      `no \`*\`, \`+\` or \`{n,}\` (use \`{n,m}\` with m ≤ ${L.maxRepeat}), no backreferences or lookaround, at most ` +
      `${L.maxPatternLength} characters, and at most ${L.maxPatternPaths} ways to match. At most ${L.maxPatternsPerTheme} per theme.`,
  })
  patterns?: string[];
}

export class CreateTaxonomyDto {
  @ApiProperty({ example: 'Mobile plans 2026', maxLength: L.maxNameLength })
  @IsString()
  @MaxLength(L.maxNameLength)
  name!: string;

  @ApiProperty({
    type: [TaxonomyThemeDto],
    minItems: 1,
    maxItems: L.maxThemes,
    description: 'Checked as a whole; each problem is reported with its path, e.g. `themes[2].keywords.es[0]`.',
  })
  @IsArray()
  // Checked by validateTaxonomy, not class-validator; kept exactly as parsed (class-transformer would copy the objects).
  @Transform(({ obj }: { obj: Record<string, unknown> }) => obj.themes)
  themes!: unknown[];
}

export class UpdateTaxonomyDto extends CreateTaxonomyDto {
  @ApiPropertyOptional({
    minimum: 1,
    example: 3,
    description: 'The version you are replacing, if you do not send `If-Match`. A stale version is 412 `version-conflict`.',
  })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(2_147_483_647)
  version?: number;
}

export class TaxonomyLinksDto {
  @ApiProperty({ example: '/api/v1/taxonomies/6f1c…', description: 'The taxonomy (its current version).' }) self!: string;
  @ApiProperty({ example: '/api/v1/taxonomies/6f1c…?version=3', description: 'This version, forever (until the taxonomy is deleted).' }) version!: string;
}

export class TaxonomyDto {
  @ApiProperty({ example: '6f1c2a3b-1111-4222-8333-944455566677', description: 'A uuid, or `default` for the built-in taxonomy.' }) id!: string;
  @ApiProperty({ example: 'Mobile plans 2026' }) name!: string;
  @ApiProperty({ example: 3, description: 'The version shown: 1 on creation, +1 on every PUT. Also the ETag, `W/"3"`.' }) version!: number;
  @ApiProperty({ example: 3, description: 'The current version (differs from `version` when you asked for an older one).' }) latestVersion!: number;
  @ApiProperty({ description: 'True for the built-in taxonomy, which is read-only: copy its `name` and `themes` into POST to edit them.' }) builtIn!: boolean;
  @ApiProperty({ type: [TaxonomyThemeDto] }) themes!: TaxonomyThemeDto[];
  @ApiProperty({ type: String, format: 'date-time', nullable: true, description: 'null for the built-in taxonomy.' }) createdAt!: string | null;
  @ApiProperty({ type: String, format: 'date-time', nullable: true, description: 'When this version was written; null for the built-in taxonomy.' }) updatedAt!: string | null;
  @ApiProperty({ type: TaxonomyLinksDto }) links!: TaxonomyLinksDto;
}

export class TaxonomySummaryLinksDto {
  @ApiProperty({ example: '/api/v1/taxonomies/6f1c…' }) self!: string;
}

export class TaxonomySummaryDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ example: 'Mobile plans 2026' }) name!: string;
  @ApiProperty({ example: 3 }) version!: number;
  @ApiProperty({ example: 12 }) themeCount!: number;
  @ApiProperty({ format: 'date-time' }) createdAt!: string;
  @ApiProperty({ format: 'date-time' }) updatedAt!: string;
  @ApiProperty({ type: TaxonomySummaryLinksDto }) links!: TaxonomySummaryLinksDto;
}

export class TaxonomyListLinksDto {
  @ApiProperty({ type: String, nullable: true }) next!: string | null;
}

export class TaxonomyListDto {
  @ApiProperty({ type: [TaxonomySummaryDto], description: 'Without themes: GET one for those.' }) data!: TaxonomySummaryDto[];
  @ApiProperty({ type: String, nullable: true }) nextCursor!: string | null;
  @ApiProperty({ type: TaxonomyListLinksDto }) links!: TaxonomyListLinksDto;
}

export class ListTaxonomiesQuery extends PageQuery {}

export class GetTaxonomyQuery {
  @ApiPropertyOptional({ minimum: 1, description: 'An older version (the one a task ran with); default: the current one.' })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(2_147_483_647)
  version?: number;
}
