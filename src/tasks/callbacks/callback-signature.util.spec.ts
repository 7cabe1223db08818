import { signatureHeader, signCallback, verifyCallbackSignature } from './callback-signature.util';

const SECRET = '4f1c2a9be07d5e3c8a6b1d0f9e2c7a5b3d8e1f0a6c4b2d9e7f5a3c1b8d6e4f20';
const BODY = '{"id":"d1","event":"task.completed"}';
const T = 1_700_000_000;
// Computed outside Node: printf '%s' "1700000000.$BODY" | openssl dgst -sha256 -hmac "$SECRET"
const EXPECTED = '86b6a61193bf81601f784de8b724f2a0a0d17476d908a73b2f96568381191fe2';

describe('callback signatures', () => {
  it('matches a known answer (HMAC-SHA256 over "<t>.<body>")', () => {
    expect(signCallback(SECRET, T, BODY)).toBe(EXPECTED);
    expect(signatureHeader(SECRET, T, BODY)).toBe(`t=${T},v1=${EXPECTED}`);
  });

  it('verifies within the tolerance and refuses replays outside it', () => {
    const header = signatureHeader(SECRET, T, BODY);
    expect(verifyCallbackSignature(SECRET, header, BODY, T + 299)).toBe(true);
    expect(verifyCallbackSignature(SECRET, header, BODY, T - 300)).toBe(true);
    expect(verifyCallbackSignature(SECRET, header, BODY, T + 301)).toBe(false);
  });

  it('refuses another body, another secret, a re-stamped header and garbage', () => {
    const header = signatureHeader(SECRET, T, BODY);
    expect(verifyCallbackSignature(SECRET, header, BODY.replace('completed', 'failed'), T)).toBe(false);
    expect(verifyCallbackSignature(SECRET.replace('4f', '5f'), header, BODY, T)).toBe(false);
    // Moving t forward to pass the tolerance breaks the signature, which covers t.
    expect(verifyCallbackSignature(SECRET, header.replace(`t=${T}`, `t=${T + 1000}`), BODY, T + 1000)).toBe(false);
    for (const bad of ['', 't=abc,v1=00', `t=${T}`, `t=${T},v1=zz`, `v1=${EXPECTED}`]) expect(verifyCallbackSignature(SECRET, bad, BODY, T)).toBe(false);
  });

  it('accepts any matching v1 among several (secret rotation on the receiver side)', () => {
    const header = `t=${T},v1=${'0'.repeat(64)},v1=${EXPECTED}`;
    expect(verifyCallbackSignature(SECRET, header, BODY, T)).toBe(true);
  });
});
