import { Module } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { AppConfig } from '../config/config';
import { MetricsModule } from '../monitoring/monitoring.module';
import { createVirusScanner, VIRUS_SCANNER } from './scanning';
import { FilesController } from './files.controller';
import { FilesRepository } from './files.repository';
import { FilesService } from './files.service';

@Module({
  imports: [MetricsModule],
  controllers: [FilesController],
  providers: [
    FilesService,
    FilesRepository,
    {
      provide: VIRUS_SCANNER,
      inject: [ConfigService],
      useFactory: (config: ConfigService<AppConfig, true>) => {
        const files = config.get('files', { infer: true });
        return createVirusScanner(files.clamavUrl, { timeoutMs: files.clamavTimeoutMs });
      },
    },
  ],
  exports: [FilesService, FilesRepository],
})
export class FilesModule {}
