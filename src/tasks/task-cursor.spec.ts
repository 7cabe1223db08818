import { decodeCursor, encodeCursor } from './task-cursor';

describe('task cursor', () => {
  const cursor = { createdAt: '2026-11-22T03:00:00.123456Z', id: '6f1c2a3b-1111-4222-8333-944455566677' };

  it('round-trips', () => {
    expect(decodeCursor(encodeCursor(cursor))).toEqual(cursor);
  });

  it.each([
    ['garbage', 'not-a-cursor'],
    ['a bad id', Buffer.from('2026-11-22T03:00:00Z|nope').toString('base64url')],
    ['a bad date', Buffer.from('yesterday|6f1c2a3b-1111-4222-8333-944455566677').toString('base64url')],
    ['an extra part', Buffer.from('2026-11-22T03:00:00Z|6f1c2a3b-1111-4222-8333-944455566677|x').toString('base64url')],
  ])('rejects %s', (_name, raw) => {
    expect(decodeCursor(raw)).toBeNull();
  });
});
