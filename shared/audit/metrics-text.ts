/**
 * The delivery metrics in words: the same sentences in `release-desk audit metrics` and in
 * the History view's summary (which screen readers read instead of the charts).
 */
import type { DeliveryMetrics, DurationStats } from './delivery-metrics';

/** Lead times run to days, restores to minutes: "3 d 4 h", "26 h 1 min", "61 min", "45 s". */
export function formatLongDuration(ms: number): string {
  const minutes = Math.round(ms / 60_000);
  if (ms < 60_000) return `${Math.round(ms / 1000)} s`;
  if (minutes < 60) return `${minutes} min`;
  const hours = Math.floor(minutes / 60);
  if (hours < 48) return `${hours} h ${minutes % 60} min`;
  return `${Math.floor(hours / 24)} d ${hours % 24} h`;
}

const plural = (count: number, word: string) => `${count} ${word}${count === 1 ? '' : 's'}`;
const day = (iso: string) => iso.slice(0, 10);
/** A period that ends at midnight (`--until 2026-11-08`, through that day) ends on the day before it. */
const lastDay = (iso: string) => (iso.endsWith('T00:00:00.000Z') ? day(new Date(Date.parse(iso) - 1).toISOString()) : day(iso));
const rate = (value: number) => (value >= 10 ? value.toFixed(1) : value.toFixed(2));

function stats(figures: DurationStats): string {
  if (figures.medianMs === null || figures.p90Ms === null) return 'no figure';
  return `median ${formatLongDuration(figures.medianMs)}, p90 ${formatLongDuration(figures.p90Ms)}`;
}

/** A title line and one line per metric, without trailing newlines. */
export function metricsLines(metrics: DeliveryMetrics): readonly string[] {
  const { counts, deploymentFrequency: frequency, leadTime, changeFailureRate: failure, timeToRestore: restore } = metrics;
  const scope = metrics.environment ?? 'every environment';
  const releases = [`${counts.planned} planned`, `${counts.live} live`, `${counts.neverLive} never live`];
  const unattributed = counts.unattributedRollbacks === 0 ? '' : `; ${plural(counts.unattributedRollbacks, 'rollback')} named no release that went live (not counted)`;
  const leadNote = [`${plural(leadTime.count, 'release')}`, ...(leadTime.withoutCommitTimes === 0 ? [] : [`${leadTime.withoutCommitTimes} without commit times`])].join('; ');
  const restoreNote = [`${restore.count} restored`, ...(restore.notRestored === 0 ? [] : [`${restore.notRestored} not restored by a rollback`])].join('; ');
  return [
    `Delivery metrics, ${scope}, ${day(metrics.period.from)} to ${lastDay(metrics.period.until)} (${metrics.period.days.toFixed(1)} days)`,
    `releases: ${releases.join(', ')}${unattributed}`,
    `deployment frequency: ${frequency.perWeek === null || frequency.perDay === null ? 'no figure (the period has no length)' : `${rate(frequency.perWeek)} a week (${rate(frequency.perDay)} a day)`}`,
    `change lead time: ${stats(leadTime)} (${leadNote})`,
    `change failure rate: ${failure.rate === null ? 'no figure (nothing went live)' : `${Math.round(failure.rate * 100)}% (${failure.failed} of ${failure.live} live)`}`,
    `time to restore: ${stats(restore)} (${restoreNote})`,
  ];
}
