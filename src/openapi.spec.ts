import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { generateOpenApiYaml } from '../scripts/openapi';

describe('openapi.yml', () => {
  it('is exactly what the controllers and DTOs generate (run `npm run openapi` and commit)', async () => {
    const fromCode = await generateOpenApiYaml();
    const checkedIn = readFileSync(join(__dirname, '..', 'openapi.yml'), 'utf8');
    expect(checkedIn).toBe(fromCode);
  });
});
