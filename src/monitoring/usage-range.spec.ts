import { ValidationFailedError } from '../common/errors/domain-error';
import { daysOf, parseUsageRange } from './usage-range';

const NOW = new Date('2026-03-15T23:59:59.999Z');

function fieldsOf(fn: () => unknown): string[] {
  try {
    fn();
  } catch (err) {
    expect(err).toBeInstanceOf(ValidationFailedError);
    return (err as ValidationFailedError).errors.map((e) => e.field);
  }
  throw new Error('expected a ValidationFailedError');
}

describe('parseUsageRange', () => {
  it('defaults to the last 30 UTC days, today included', () => {
    expect(parseUsageRange(undefined, undefined, NOW)).toEqual({ from: '2026-02-14', to: '2026-03-15', days: 30 });
  });

  it('takes today from the UTC clock, not the local one', () => {
    expect(parseUsageRange(undefined, undefined, new Date('2026-03-16T00:00:00.000Z')).to).toBe('2026-03-16');
  });

  it('counts 29 days back from an explicit `to`', () => {
    expect(parseUsageRange(undefined, '2026-01-31', NOW)).toEqual({ from: '2026-01-02', to: '2026-01-31', days: 30 });
  });

  it('runs from `from` to today when only `from` is given', () => {
    expect(parseUsageRange('2026-03-01', undefined, NOW)).toEqual({ from: '2026-03-01', to: '2026-03-15', days: 15 });
  });

  it('accepts a single day and a leap day', () => {
    expect(parseUsageRange('2024-02-29', '2024-02-29', NOW)).toEqual({ from: '2024-02-29', to: '2024-02-29', days: 1 });
  });

  it('accepts 366 days and refuses 367', () => {
    expect(parseUsageRange('2024-01-01', '2024-12-31', NOW).days).toBe(366);
    expect(fieldsOf(() => parseUsageRange('2024-01-01', '2025-01-01', NOW))).toEqual(['from']);
    // The default `to` counts too.
    expect(fieldsOf(() => parseUsageRange('2025-01-01', undefined, NOW))).toEqual(['from']);
  });

  it('refuses `from` after `to`', () => {
    expect(fieldsOf(() => parseUsageRange('2026-03-02', '2026-03-01', NOW))).toEqual(['from']);
  });

  it.each(['2026-02-30', '2026-13-01', '2026-3-1', '20260301', '2026-03-01T00:00:00Z', 'yesterday', '', '1969-12-31', '２０２６-03-01'])(
    'refuses %p',
    (bad) => {
      expect(fieldsOf(() => parseUsageRange(bad, '2026-03-01', NOW))).toEqual(['from']);
      expect(fieldsOf(() => parseUsageRange('2026-03-01', bad, NOW))).toEqual(['to']);
    },
  );

  it('names both fields when both are bad', () => {
    expect(fieldsOf(() => parseUsageRange('x', 'y', NOW))).toEqual(['to', 'from']);
  });
});

describe('daysOf', () => {
  it('lists every day across a month end, both ends included', () => {
    expect(daysOf({ from: '2026-02-27', to: '2026-03-02' })).toEqual(['2026-02-27', '2026-02-28', '2026-03-01', '2026-03-02']);
  });
});
