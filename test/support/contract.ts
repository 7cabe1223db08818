import Ajv, { ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';

/**
 * Validates real HTTP responses against the checked-in openapi.yml with Ajv — a validator
 * independent of @nestjs/swagger, so a drift between code and contract fails the tests.
 */
interface OpenApiDoc {
  paths: Record<string, Record<string, { responses: Record<string, { content?: Record<string, { schema: object }> }> }>>;
  components: { schemas: Record<string, object> };
}

const doc = parse(readFileSync(join(__dirname, '..', '..', 'openapi.yml'), 'utf8')) as OpenApiDoc;
const ajv = new Ajv({ strict: false, allErrors: true });
addFormats(ajv);
// OpenAPI 3.0 `nullable` is not JSON Schema: rewrite it into a type union before compiling.
const schemas = JSON.parse(JSON.stringify(doc.components.schemas), (_k, v) => rewriteNullable(v));
ajv.addSchema({ $id: 'openapi', components: { schemas } });

function rewriteNullable(v: unknown): unknown {
  if (!v || typeof v !== 'object' || Array.isArray(v)) return v;
  const o = v as Record<string, unknown>;
  if (o.nullable === true) {
    const { nullable: _n, ...rest } = o;
    const composite = 'allOf' in rest || 'oneOf' in rest || 'anyOf' in rest || '$ref' in rest;
    if (!composite && typeof rest.type === 'string') return { ...rest, type: [rest.type, 'null'], ...(rest.enum ? { enum: [...(rest.enum as unknown[]), null] } : {}) };
    return { anyOf: [rest, { type: 'null' }] };
  }
  return o;
}

const templates = Object.keys(doc.paths).map((template) => ({
  template,
  re: new RegExp('^' + template.replace(/\{[^}]+\}/g, '[^/]+') + '$'),
}));
const compiled = new Map<string, ValidateFunction>();

export function findTemplate(path: string): string | undefined {
  const bare = path.split('?')[0];
  return templates.find((t) => t.re.test(bare))?.template;
}

/** Throws with a readable message when the response does not match the contract. */
export function assertMatchesContract(method: string, path: string, status: number, contentType: string | null, body: unknown): void {
  const template = findTemplate(path);
  if (!template) throw new Error(`contract: ${method} ${path} is not in openapi.yml`);
  const op = doc.paths[template][method.toLowerCase()];
  if (!op) throw new Error(`contract: ${method} ${template} is not in openapi.yml`);
  const response = op.responses[String(status)] ?? op.responses.default;
  if (!response) throw new Error(`contract: ${method} ${template} does not document status ${status}; body: ${JSON.stringify(body)}`);
  if (!response.content) {
    if (body !== undefined && body !== '' && body !== null) throw new Error(`contract: ${method} ${template} ${status} documents no body`);
    return;
  }
  const mediaType = (contentType ?? '').split(';')[0].trim();
  const media = response.content[mediaType];
  if (!media) throw new Error(`contract: ${method} ${template} ${status} documents ${Object.keys(response.content)} but got ${mediaType}`);
  const key = `${method} ${template} ${status} ${mediaType}`;
  let validate = compiled.get(key);
  if (!validate) {
    const schema = JSON.parse(JSON.stringify(media.schema).replaceAll('"#/components/schemas/', '"openapi#/components/schemas/'), (_k, v) => rewriteNullable(v));
    validate = ajv.compile(schema);
    compiled.set(key, validate);
  }
  if (!validate(body)) {
    throw new Error(`contract: ${key} body does not match: ${ajv.errorsText(validate.errors)}\n${JSON.stringify(body).slice(0, 800)}`);
  }
}
