import { chooseEvictions, type LiveSession } from './session-eviction';

const at = (s: number) => new Date(Date.UTC(2026, 0, 1, 12, 0, s));
const live = (id: string, active: number, created = 0): LiveSession => ({ id, lastActivityAt: at(active), createdAt: at(created) });

describe('chooseEvictions (least recently active first)', () => {
  it('evicts nothing at or under the cap', () => {
    expect(chooseEvictions([live('a', 1), live('b', 2)], 5, 'b')).toEqual([]);
    expect(chooseEvictions([1, 2, 3, 4, 5].map((n) => live(`s${n}`, n)), 5, 's5')).toEqual([]);
  });

  it('evicts the least recently active session, not the oldest one', () => {
    // s1 was created first but read last; s2 has been idle longest.
    const sessions = [live('s1', 50, 1), live('s2', 10, 2), live('s3', 20, 3), live('s4', 30, 4), live('s5', 40, 5), live('new', 60, 60)];
    expect(chooseEvictions(sessions, 5, 'new')).toEqual(['s2']);
  });

  it('never evicts the session being created, even when its clock is behind', () => {
    const sessions = [live('new', 0, 0), live('a', 10), live('b', 20)];
    expect(chooseEvictions(sessions, 2, 'new')).toEqual(['a']);
  });

  it('evicts as many as needed when the cap was lowered', () => {
    const sessions = [live('a', 5), live('b', 1), live('c', 3), live('d', 4), live('new', 9)];
    expect(chooseEvictions(sessions, 2, 'new')).toEqual(['b', 'c', 'd']);
  });

  it('breaks ties by creation time, then id, so every instance picks the same one', () => {
    expect(chooseEvictions([live('b', 1, 2), live('a', 1, 3), live('new', 5)], 2, 'new')).toEqual(['b']);
    expect(chooseEvictions([live('b', 1, 2), live('a', 1, 2), live('new', 5)], 2, 'new')).toEqual(['a']);
  });
});
