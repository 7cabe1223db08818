import iconv from 'iconv-lite';
import { completeUtf8Prefix, detectTextEncoding, readDecodedText } from './text-encoding.detector';
import { FixtureDir } from './testing/fixtures';

const fx = new FixtureDir();
afterAll(() => fx.cleanup());

const TEXT = 'comentario\natención rápida, ñandú €\n';

async function decode(content: Buffer): Promise<{ encoding: string; text: string }> {
  const path = fx.write(`f-${Math.random().toString(36).slice(2)}.txt`, content);
  const detected = await detectTextEncoding(path);
  let text = '';
  for await (const chunk of readDecodedText(path, detected, 7)) text += chunk; // tiny chunks: split characters
  return { encoding: detected.encoding, text };
}

describe('detectTextEncoding + readDecodedText', () => {
  it.each([
    ['UTF-8', Buffer.from(TEXT, 'utf8'), 'utf-8'],
    ['UTF-8 with BOM', Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(TEXT, 'utf8')]), 'utf-8'],
    ['UTF-16LE with BOM', Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(TEXT, 'utf16le')]), 'utf-16le'],
    ['UTF-16BE with BOM', Buffer.concat([Buffer.from([0xfe, 0xff]), Buffer.from(TEXT, 'utf16le').swap16()]), 'utf-16be'],
    ['Windows-1252', iconv.encode(TEXT, 'windows-1252'), 'windows-1252'],
  ])('%s decodes to the same text', async (_label, bytes, encoding) => {
    await expect(decode(bytes)).resolves.toEqual({ encoding, text: TEXT });
  });

  it('falls back to Windows-1252 when the first invalid UTF-8 byte is far into the file', async () => {
    const bytes = Buffer.concat([Buffer.from('a'.repeat(300_000) + '\n', 'utf8'), iconv.encode('atención\n', 'windows-1252')]);
    const { encoding, text } = await decode(bytes);
    expect(encoding).toBe('windows-1252');
    expect(text.endsWith('atención\n')).toBe(true);
  });

  it('keeps UTF-8 whose multi-byte characters straddle chunk boundaries', async () => {
    const text = 'ñ€😀'.repeat(8_000); // 72 KB: the 64 KiB detection chunk ends mid-character too
    await expect(decode(Buffer.from(text, 'utf8'))).resolves.toEqual({ encoding: 'utf-8', text });
  });

  it.each([
    ['UTF-16 with an odd byte count', Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('abc', 'utf16le'), Buffer.from([0x41])]), /odd number of bytes/],
    ['UTF-16 with an unpaired surrogate', Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from([0x00, 0xd8, 0x41, 0x00])]), /unpaired surrogates/],
    ['UTF-16 holding NUL characters', Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('a\u0000b', 'utf16le')]), /NUL/],
    ['NUL bytes (UTF-16 without BOM)', Buffer.from('id,texto\n1,hola\n', 'utf16le'), /NUL bytes/],
    ['binary garbage without NULs', Buffer.from(Array.from({ length: 4000 }, (_, i) => 1 + ((i * 7919) % 255))), /control or undefined bytes/],
    ['a UTF-8 BOM over invalid UTF-8', Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from([0x61, 0xe9, 0x62])]), /not valid UTF-8/],
    ['UTF-32', Buffer.from([0xff, 0xfe, 0x00, 0x00, 0x41, 0, 0, 0]), /UTF-32/],
  ])('rejects %s as invalid_encoding', async (_label, bytes, detail) => {
    await expect(decode(bytes)).rejects.toMatchObject({ code: 'invalid_encoding', detail: expect.stringMatching(detail) });
  });

  it('tolerates a few stray control characters in real text', async () => {
    const text = 'a\u0001b\n'.repeat(3) + 'normal text\n'.repeat(100);
    await expect(decode(Buffer.from(text, 'utf8'))).resolves.toMatchObject({ encoding: 'utf-8' });
  });
});

describe('completeUtf8Prefix', () => {
  it.each([
    [[0x61, 0x62], 2],
    [[0x61, 0xc3], 1],
    [[0x61, 0xc3, 0xb1], 3],
    [[0x61, 0xe2, 0x82], 1],
    [[0x61, 0xf0, 0x9f, 0x98], 1],
    [[0x61, 0xf0, 0x9f, 0x98, 0x80], 5],
  ])('%j → %i', (bytes, expected) => {
    expect(completeUtf8Prefix(Buffer.from(bytes))).toBe(expected);
  });
});
