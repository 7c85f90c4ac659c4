import { describe, expect, it } from 'vitest';

// The renderer is its own TypeScript project; vitest compiles the module by path.
const rangeModule = '../../../../renderer/charts/time-range';
type RangeOf = (plot: unknown, dataMin: number | null, dataMax: number | null) => [number, number];
const { timeRange } = (await import(/* @vite-ignore */ rangeModule)) as {
  timeRange: (options: { minSpanSeconds: number; align: 'end' | 'center' }, nowSeconds?: () => number) => RangeOf;
};

const HOUR = 3600;

describe('timeRange', () => {
  it('puts one reading at the right edge of a five-minute window instead of years of axis', () => {
    const range = timeRange({ minSpanSeconds: 300, align: 'end' });
    expect(range(null, 1_800_000_000, 1_800_000_000)).toEqual([1_800_000_000 - 300, 1_800_000_000]);
  });

  it('keeps a span that is already long enough as the data gives it', () => {
    const range = timeRange({ minSpanSeconds: 300, align: 'end' });
    expect(range(null, 1_800_000_000 - HOUR, 1_800_000_000)).toEqual([1_800_000_000 - HOUR, 1_800_000_000]);
  });

  it('centres a short span (one week of bars) in a window of the minimum span', () => {
    const range = timeRange({ minSpanSeconds: 14 * 24 * HOUR, align: 'center' });
    const week = 1_800_000_000;
    expect(range(null, week, week)).toEqual([week - 7 * 24 * HOUR, week + 7 * 24 * HOUR]);
  });

  it('ends the window now when there is no data', () => {
    const range = timeRange({ minSpanSeconds: 300, align: 'end' }, () => 1_000);
    expect(range(null, null, null)).toEqual([700, 1_000]);
  });
});
