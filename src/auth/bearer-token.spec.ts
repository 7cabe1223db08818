import { generateApiKey } from './api-key';
import { classifyBearerToken } from './bearer-token';

describe('classifyBearerToken', () => {
  it('sends snt_ keys to the API-key check, whatever follows', () => {
    expect(classifyBearerToken(generateApiKey().key)).toBe('api-key');
    // Even one with dots: a key is never parsed as a JWT.
    expect(classifyBearerToken('snt_a.b.c')).toBe('api-key');
  });

  it('sends three base64url segments to the JWT verifier, an empty signature included (alg none)', () => {
    expect(classifyBearerToken('eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJhIn0.c2ln-_')).toBe('jwt');
    expect(classifyBearerToken('eyJhbGciOiJub25lIn0.eyJzdWIiOiJhIn0.')).toBe('jwt');
  });

  it.each([
    ['garbage', 'nope'],
    ['two segments', 'eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJhIn0'],
    ['a JWE (five segments)', 'a.b.c.d.e'],
    ['an empty header', '.eyJzdWIiOiJhIn0.c2ln'],
    ['padding', 'eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJhIn0=.c2ln'],
  ])('treats %s as unknown (answered like an unknown key)', (_name, token) => {
    expect(classifyBearerToken(token)).toBe('unknown');
  });
});
