/**
 * The x range of a time chart (uPlot scale, seconds). Left to itself uPlot stretches one
 * reading, or a few seconds of them, across years of axis ("Feb 2027 … Aug 2029" under a
 * single sample); a span is never shorter than `minSpanSeconds`.
 *  - `end`: the newest point at the right edge (a live chart grows leftwards into its window);
 *  - `center`: the points in the middle (a summary of whole days or weeks).
 * With no data at all the window ends now.
 */
export function timeRange(options: { readonly minSpanSeconds: number; readonly align: 'end' | 'center' }, nowSeconds: () => number = () => Date.now() / 1000) {
  return (_plot: unknown, dataMin: number | null, dataMax: number | null): [number, number] => {
    if (dataMin === null || dataMax === null || !Number.isFinite(dataMin) || !Number.isFinite(dataMax)) {
      const now = nowSeconds();
      return [now - options.minSpanSeconds, now];
    }
    const span = dataMax - dataMin;
    if (span >= options.minSpanSeconds) return [dataMin, dataMax];
    if (options.align === 'end') return [dataMax - options.minSpanSeconds, dataMax];
    const middle = (dataMin + dataMax) / 2;
    return [middle - options.minSpanSeconds / 2, middle + options.minSpanSeconds / 2];
  };
}
