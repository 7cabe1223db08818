import { parsePreferWait } from './prefer';

describe('parsePreferWait', () => {
  it.each([
    [undefined, 0],
    ['wait=5', 5],
    ['respond-async, wait=10', 10],
    ['wait="3"', 3],
    ['WAIT = 7', 7],
    ['wait=100', 30],
    ['wait=-1', 0],
    ['wait=abc', 0],
    ['handling=lenient', 0],
    [['handling=strict', 'wait=2'], 2],
  ])('%p → %p', (header, expected) => {
    expect(parsePreferWait(header as string | string[] | undefined, 30)).toBe(expected);
  });
});
