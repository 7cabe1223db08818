import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { NestExpressApplication } from '@nestjs/platform-express';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { AppModule } from '../src/app.module';
import { buildOpenApiDocument } from '../src/openapi';
import { stringify } from 'yaml';

/**
 * Generates the OpenAPI document from the decorators without connecting to anything
 * (preview mode builds the module graph but runs no provider factories).
 */
export async function generateOpenApiYaml(): Promise<string> {
  const app = await NestFactory.create<NestExpressApplication>(AppModule, { preview: true, logger: false, abortOnError: false });
  try {
    return stringify(buildOpenApiDocument(app), { lineWidth: 0, sortMapEntries: false });
  } finally {
    await app.close();
  }
}

// Works from scripts/ (ts) and dist/scripts/ (js).
export const OPENAPI_PATH = join(process.cwd(), 'openapi.yml');

if (require.main === module) {
  generateOpenApiYaml()
    .then((yaml) => {
      writeFileSync(OPENAPI_PATH, yaml);
      process.stdout.write(`wrote ${OPENAPI_PATH}\n`);
    })
    .catch((err) => {
      process.stderr.write(`openapi generation failed: ${(err as Error).stack}\n`);
      process.exit(1);
    });
}
