import type { INestApplication } from '@nestjs/common';
import { DocumentBuilder, OpenAPIObject, SwaggerModule } from '@nestjs/swagger';
import { ProblemCatalog, problemTypeUri } from './common/errors/problem-types';

const DESCRIPTION = `Sentir turns customer comments into answers: language, sentiment and more.

Authenticate with \`Authorization: Bearer <api key>\` (create one with \`npm run cli -- keys:create --user <name>\`)
or, when the server sets \`OIDC_ISSUER\`, with an access token (JWT) from that identity provider.
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
    .addBearerAuth({ type: 'http', scheme: 'bearer', bearerFormat: 'snt_…', description: 'API key from `npm run cli -- keys:create`' })
    .addBearerAuth(
      { type: 'http', scheme: 'bearer', bearerFormat: 'JWT', description: 'Access token from the identity provider named by OIDC_ISSUER (when the server sets it)' },
      'oidc',
    )
    .build();
  const doc = SwaggerModule.createDocument(app, config, {
    operationIdFactory: (controllerKey, methodKey) => `${controllerKey.replace(/Controller$/, '')}_${methodKey}`,
  });
  // Problems are served as application/problem+json, not application/json.
  for (const path of Object.values(doc.paths)) {
    for (const op of Object.values(path)) {
      // Wherever an API key works, so does an identity-provider token: either scheme satisfies the operation.
      const security = (op as { security?: Record<string, string[]>[] })?.security;
      if (security?.some((s) => 'bearer' in s) && !security.some((s) => 'oidc' in s)) security.push({ oidc: [] });
      const responses = (op as { responses?: Record<string, { content?: Record<string, unknown> }> })?.responses;
      if (!responses) continue;
      for (const [status, response] of Object.entries(responses)) {
        // Also for routes that @ApiProduces another type (exports, SSE): their errors are still problems.
        const first = response.content && Object.values(response.content)[0];
        if (Number(status) >= 400 && first) response.content = { 'application/problem+json': first };
      }
    }
  }
  // POST /tasks/batch takes JSON or, in one step, the multipart upload: give each its schema.
  const batchBody = (doc.paths['/api/v1/tasks/batch']?.post?.requestBody as { content?: Record<string, { schema: unknown }> } | undefined)?.content;
  if (batchBody?.['multipart/form-data']) batchBody['multipart/form-data'].schema = { $ref: '#/components/schemas/CreateBatchUploadDto' };
  // The export's 200 differs per format; give each media type its own schema.
  const exportOk = (doc.paths['/api/v1/tasks/{id}/export']?.get?.responses as Record<string, { content?: Record<string, unknown> }> | undefined)?.['200'];
  if (exportOk?.content) {
    exportOk.content = {
      'text/csv': { schema: { type: 'string', description: 'UTF-8 with BOM, one header row.' } },
      'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet': { schema: { type: 'string', format: 'binary' } },
      'application/json': { schema: { type: 'array', items: { type: 'object', additionalProperties: true } } },
      'application/x-ndjson': { schema: { type: 'string', description: 'One JSON object per line.' } },
    };
  }
  return doc;
}
