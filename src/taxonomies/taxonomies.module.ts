import { Module } from '@nestjs/common';
import { TaxonomiesController } from './taxonomies.controller';
import { TaxonomiesRepository } from './taxonomies.repository';
import { TaxonomiesService } from './taxonomies.service';

/** User taxonomies (issue #4). Tasks import it for `TaxonomiesService.resolveForTask`. */
@Module({
  controllers: [TaxonomiesController],
  providers: [TaxonomiesService, TaxonomiesRepository],
  exports: [TaxonomiesService],
})
export class TaxonomiesModule {}
