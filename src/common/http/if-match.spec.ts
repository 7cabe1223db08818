import { DomainError } from '../errors/domain-error';
import { parseIfMatch, versionETag } from './if-match';

describe('If-Match', () => {
  it('formats a version as a weak ETag', () => {
    expect(versionETag(3)).toBe('W/"3"');
  });

  it.each([
    [undefined, undefined],
    ['*', { any: true }],
    [' * ', { any: true }],
    ['W/"3"', { any: false, versions: [3] }],
    ['"3"', { any: false, versions: [3] }],
    ['W/"2", W/"3"', { any: false, versions: [2, 3] }],
    [['W/"2"', '"7"'], { any: false, versions: [2, 7] }],
    // Well-formed but not one of ours: matches nothing, so the caller answers 412.
    ['"abc"', { any: false, versions: [] }],
    ['W/"0"', { any: false, versions: [] }],
    ['W/"0003"', { any: false, versions: [] }],
  ])('%p → %p', (header, expected) => {
    expect(parseIfMatch(header)).toEqual(expected);
  });

  it.each(['3', 'W/3', '"3', 'W/"3",', '', 'W/"3" W/"4"', '*, W/"3"'])('rejects %p as a malformed header', (header) => {
    const err = (() => {
      try {
        return parseIfMatch(header);
      } catch (e) {
        return e;
      }
    })();
    expect(err).toBeInstanceOf(DomainError);
    expect((err as DomainError).code).toBe('invalid-header');
  });
});
