import type { INestApplication } from '@nestjs/common';
import { DocumentBuilder, OpenAPIObject, SwaggerModule } from '@nestjs/swagger';
import { ProblemCatalog, problemTypeUri } from './common/errors/problem-types';

const DESCRIPTION = `Sentir turns customer comments into answers: language, sentiment and more.

Authenticate with \`Authorization: Bearer <api key>\` (create one with \`npm run cli -- keys:create --user <name>\`).
Every error is an RFC 9457 \`application/problem+json\` document with a stable \`type\`:

${Object.entries(ProblemCatalog)
  .map(([code, p]) => `- \`${problemTypeUri(code as keyof typeof ProblemCatalog)}\` (${p.status}): ${p.title}`)
  .join('\n')}`;

/** The OpenAPI document, generated from the decorators. openapi.yml is this, serialised. */
export function buildOpenApiDocument(app: INestApplication): OpenAPIObject {
  const config = new DocumentBuilder()
    .setTitle('Sentir API')
    .setDescription(DESCRIPTION)
    .setVersion('1.0.0')
    .addBearerAuth({ type: 'http', scheme: 'bearer', description: 'API key from `npm run cli -- keys:create`' })
    .build();
  const doc = SwaggerModule.createDocument(app, config, {
    operationIdFactory: (controllerKey, methodKey) => `${controllerKey.replace(/Controller$/, '')}_${methodKey}`,
  });
  // Problems are served as application/problem+json, not application/json.
  for (const path of Object.values(doc.paths)) {
    for (const op of Object.values(path)) {
      const responses = (op as { responses?: Record<string, { content?: Record<string, unknown> }> })?.responses;
      if (!responses) continue;
      for (const [status, response] of Object.entries(responses)) {
        if (Number(status) >= 400 && response.content?.['application/json']) {
          response.content = { 'application/problem+json': response.content['application/json'] };
        }
      }
    }
  }
  return doc;
}
