import { ApiProperty } from '@nestjs/swagger';

export class AnalyzerVersionDto {
  @ApiProperty({ example: 'sentir-es-lexicon' }) name!: string;
  @ApiProperty({ example: '1.0.0' }) version!: string;
}

export class EngineDto {
  @ApiProperty({ example: 'local' }) name!: string;
  @ApiProperty({ example: '1.0.0' }) version!: string;
  @ApiProperty({ type: [AnalyzerVersionDto] }) analyzers!: AnalyzerVersionDto[];
}
