import { applyMergePatch } from './merge-patch';
import type { JsonObject, JsonValue } from './session.entity';

describe('applyMergePatch (RFC 7396)', () => {
  // The examples of RFC 7396, Appendix A.
  it.each<[JsonValue, JsonValue, JsonValue]>([
    [{ a: 'b' }, { a: 'c' }, { a: 'c' }],
    [{ a: 'b' }, { b: 'c' }, { a: 'b', b: 'c' }],
    [{ a: 'b' }, { a: null }, {}],
    [{ a: 'b', b: 'c' }, { a: null }, { b: 'c' }],
    [{ a: ['b'] }, { a: 'c' }, { a: 'c' }],
    [{ a: 'c' }, { a: ['b'] }, { a: ['b'] }],
    [{ a: { b: 'c' } }, { a: { b: 'd', c: null } }, { a: { b: 'd' } }],
    [{ a: [{ b: 'c' }] }, { a: [1] }, { a: [1] }],
    [['a', 'b'], ['c', 'd'], ['c', 'd']],
    [{ a: 'b' }, ['c'], ['c']],
    [{ a: 'foo' }, null, null],
    [{ a: 'foo' }, 'bar', 'bar'],
    [{ e: null }, { a: 1 }, { e: null, a: 1 }],
    [[1, 2], { a: 'b', c: null }, { a: 'b' }],
    [{}, { a: { bb: { ccc: null } } }, { a: { bb: {} } }],
  ])('%j + %j → %j', (target, patch, expected) => {
    expect(applyMergePatch(target, patch)).toEqual(expected);
  });

  it('merges nested UI state and deletes with null', () => {
    const state = { view: 'batch', selection: { fileId: 'f1', taskIds: ['t1', 't2'] }, filters: { sentiment: 'negative', language: 'es' } };
    const next = applyMergePatch(state, { selection: { taskIds: ['t3'] }, filters: { language: null }, page: 2 });
    expect(next).toEqual({ view: 'batch', selection: { fileId: 'f1', taskIds: ['t3'] }, filters: { sentiment: 'negative' }, page: 2 });
  });

  it('modifies neither argument and keeps the key order of the target', () => {
    const target = { a: 1, b: { c: 2 }, d: 3 };
    const patch = { b: { c: 5 }, a: null, e: 4 };
    const frozen = JSON.stringify([target, patch]);
    const next = applyMergePatch(target, patch);
    expect(JSON.stringify([target, patch])).toBe(frozen);
    expect(JSON.stringify(next)).toBe('{"b":{"c":5},"d":3,"e":4}');
  });

  it('treats "__proto__" as an ordinary member, never as the prototype', () => {
    const patch = JSON.parse('{"__proto__": {"polluted": true}, "x": 1}') as JsonValue;
    const next = applyMergePatch({}, patch) as JsonObject;
    expect(Object.getPrototypeOf(next)).toBe(Object.prototype);
    expect(({} as JsonObject).polluted).toBeUndefined();
    expect(JSON.stringify(next)).toBe('{"__proto__":{"polluted":true},"x":1}');
    const removed = applyMergePatch(next, JSON.parse('{"__proto__": null}') as JsonValue);
    expect(JSON.stringify(removed)).toBe('{"x":1}');
  });
});
