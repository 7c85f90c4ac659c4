/**
 * The DORA metrics on a synthetic journal whose answers were worked out by hand (the comments
 * show the arithmetic), and the edges: no releases, a release never live, a rollback that
 * names no live release, --since and --env, and the DATE parser.
 */
import { describe, expect, it } from 'vitest';
import { deliveryMetrics, durationStats, parseSinceDate, parseUntilDate } from '../../../../shared/audit/delivery-metrics';
import { PREVIOUS_SHA, RELEASE_SHA, releaseStory, type ReleaseStory } from '../../../fixtures/release-events';

const HOUR = 3_600_000;
const MINUTE = 60_000;

const commit = (sha: string, committedAt?: string) => ({ sha: sha.padEnd(40, '0'), subject: `commit ${sha}`, author: 'erin@welkin.example', ...(committedAt === undefined ? {} : { committedAt }) });

/** Plans at `plannedAt`, runs Stage 1 and the preflight, and switches at `switchAt`: live one minute later (the step's finish). */
function liveRelease(story: ReleaseStory, branch: string, plannedAt: string, switchAt: string): ReleaseStory {
  return story.at(plannedAt).plan({ branch }).stage1().signOffAll().preflight().at(switchAt).switchover();
}

/**
 * Two weeks of production (Mon 2 Nov – Mon 16 Nov 2026):
 *  a  live Mon 2 Nov 12:01, healthy, merged; first commit Sun 1 Nov 10:00 → lead 26 h 1 min
 *  b  live Wed 4 Nov 12:01, faulty, rolled back healthy at 13:02 → restore 61 min; no commit times
 *  c  planned Thu 5 Nov, aborted: never live
 *  d  live Tue 10 Nov 12:01, merged; first commit 06:01 → lead 6 h
 *  e  live Wed 11 Nov 12:01, faulty, not rolled back; first commit 10:01 → lead 2 h
 *  a rollback on Thu 12 Nov that names no release
 * and in staging: f live Fri 13 Nov 10:01 (counted only without an environment).
 */
describe('deliveryMetrics on a journal with known answers', () => {
  const story = (() => {
    const main = releaseStory({ start: '2026-11-02T09:00:00.000Z' });
    liveRelease(main, 'feature/a', '2026-11-02T09:00:00.000Z', '2026-11-02T12:00:00.000Z')
      .verdict('healthy')
      .add('release-notes', { commits: [commit('a1', '2026-11-01T10:00:00.000Z'), commit('a2', '2026-11-02T08:00:00.000Z')] })
      .merge();
    liveRelease(main, 'feature/b', '2026-11-04T09:00:00.000Z', '2026-11-04T12:00:00.000Z').verdict('faulty').at('2026-11-04T13:00:00.000Z').rollback().unlock();
    main.at('2026-11-05T09:00:00.000Z').plan({ branch: 'feature/c' }).stage1().abort();
    liveRelease(main, 'feature/d', '2026-11-10T09:00:00.000Z', '2026-11-10T12:00:00.000Z')
      .verdict('healthy')
      .add('release-notes', { commits: [commit('d1', '2026-11-10T06:01:00.000Z'), commit('d2')] })
      .merge();
    liveRelease(main, 'feature/e', '2026-11-11T09:00:00.000Z', '2026-11-11T12:00:00.000Z')
      .verdict('faulty')
      .add('release-notes', { commits: [commit('e1', '2026-11-11T10:01:00.000Z')] });
    main.at('2026-11-12T09:00:00.000Z').add('rolled-back', { fromSha: RELEASE_SHA, toSha: PREVIOUS_SHA, healthy: true, message: 'by hand' }, { releaseId: null });
    // A staging release, live Fri 13 Nov 10:01 (its own release id, as one journal would give it).
    const staging = releaseStory({ environment: 'staging', start: '2026-11-13T09:00:00.000Z' });
    liveRelease(staging, 'feature/f', '2026-11-13T09:00:00.000Z', '2026-11-13T10:00:00.000Z');
    return { production: main.events, all: [...main.events, ...staging.events.map((event) => ({ ...event, seq: event.seq + main.events.length, releaseId: 'r900' }))] };
  })();
  const period = { since: '2026-11-02T00:00:00.000Z', until: '2026-11-16T00:00:00.000Z' };

  it('production over two weeks', () => {
    const metrics = deliveryMetrics(story.all, { ...period, environment: 'production' });
    expect(metrics.period).toEqual({ from: period.since, until: period.until, days: 14 });
    expect(metrics.environment).toBe('production');
    // a, b, c, d, e planned; c never live; one rollback names no release.
    expect(metrics.counts).toEqual({ planned: 5, live: 4, neverLive: 1, failed: 2, unattributedRollbacks: 1 });
    // 4 live in 14 days: 4/14 a day, 2 a week; two in each calendar week.
    expect(metrics.deploymentFrequency.perDay).toBeCloseTo(4 / 14, 10);
    expect(metrics.deploymentFrequency.perWeek).toBeCloseTo(2, 10);
    expect(metrics.deploymentFrequency.byWeek).toEqual([
      { weekStart: '2026-11-02T00:00:00.000Z', live: 2 },
      { weekStart: '2026-11-09T00:00:00.000Z', live: 2 },
    ]);
    // Lead times 26 h 1 min (a), 6 h (d), 2 h (e); b has none. Median 6 h; p90 = 3rd of 3.
    expect(metrics.leadTime).toEqual({ count: 3, medianMs: 6 * HOUR, p90Ms: 26 * HOUR + MINUTE, withoutCommitTimes: 1 });
    // b and e failed, of 4 live.
    expect(metrics.changeFailureRate).toEqual({ failed: 2, live: 4, rate: 0.5 });
    // b: live 12:01, rolled back 13:02 → 61 min; e was never restored.
    expect(metrics.timeToRestore).toEqual({ count: 1, medianMs: 61 * MINUTE, p90Ms: 61 * MINUTE, notRestored: 1 });
    expect(metrics.releases.map((release) => [release.branch, release.liveAt, release.leadTimeMs, release.failed, release.restoreMs])).toEqual([
      ['feature/a', '2026-11-02T12:01:00.000Z', 26 * HOUR + MINUTE, false, null],
      ['feature/b', '2026-11-04T12:01:00.000Z', null, true, 61 * MINUTE],
      ['feature/d', '2026-11-10T12:01:00.000Z', 6 * HOUR, false, null],
      ['feature/e', '2026-11-11T12:01:00.000Z', 2 * HOUR, true, null],
    ]);
  });

  it('every environment: staging adds one live release', () => {
    const metrics = deliveryMetrics(story.all, period);
    expect(metrics.environment).toBeNull();
    expect(metrics.counts).toEqual({ planned: 6, live: 5, neverLive: 1, failed: 2, unattributedRollbacks: 1 });
    expect(metrics.changeFailureRate.rate).toBeCloseTo(2 / 5, 10);
    expect(metrics.releases.map((release) => release.environment)).toEqual(['production', 'production', 'production', 'production', 'staging']);
  });

  it('--since narrows to releases live in the period', () => {
    const metrics = deliveryMetrics(story.production, { since: '2026-11-09T00:00:00.000Z', until: period.until, environment: 'production' });
    expect(metrics.counts).toEqual({ planned: 2, live: 2, neverLive: 0, failed: 1, unattributedRollbacks: 1 });
    expect(metrics.deploymentFrequency.perWeek).toBeCloseTo(2, 10);
    // 6 h and 2 h: the median of two is their mean, 4 h; p90 the larger.
    expect(metrics.leadTime).toEqual({ count: 2, medianMs: 4 * HOUR, p90Ms: 6 * HOUR, withoutCommitTimes: 0 });
    expect(metrics.timeToRestore).toEqual({ count: 0, medianMs: null, p90Ms: null, notRestored: 1 });
  });

  it('without --since the period starts at the first journal event', () => {
    const metrics = deliveryMetrics(story.production, { until: period.until, environment: 'production' });
    expect(metrics.period.from).toBe('2026-11-02T09:00:00.000Z');
    expect(metrics.counts.live).toBe(4);
  });
});

describe('lead time from the first commit recorded at plan time', () => {
  const until = '2026-11-21T00:00:00.000Z';

  it('a release rolled back before its merge (no release notes) has a lead time from its plan\'s firstCommitAt', () => {
    // Planned 14:00 with a first commit at 08:00; live at the switchover's finish.
    const story = releaseStory().plan({ firstCommitAt: '2026-11-20T08:00:00.000Z' }).stage1().signOffAll().preflight().switchover().verdict('faulty').rollback();
    const metrics = deliveryMetrics(story.events, { until });
    const [release] = metrics.releases;
    expect(release?.failed).toBe(true);
    expect(story.events.some((event) => event.type === 'release-notes')).toBe(false);
    expect(release?.leadTimeMs).toBe(Date.parse(release?.liveAt ?? '') - Date.parse('2026-11-20T08:00:00.000Z'));
    expect(metrics.leadTime).toMatchObject({ count: 1, withoutCommitTimes: 0 });
  });

  it('the plan\'s first commit wins over release notes that reach further back (commits that were not the branch\'s)', () => {
    const story = releaseStory()
      .plan({ firstCommitAt: '2026-11-20T10:00:00.000Z' })
      .stage1()
      .signOffAll()
      .preflight()
      .switchover()
      .verdict('healthy')
      .add('release-notes', { commits: [commit('o1', '2026-11-01T00:00:00.000Z')] })
      .merge();
    const [release] = deliveryMetrics(story.events, { until }).releases;
    expect(release?.leadTimeMs).toBe(Date.parse(release?.liveAt ?? '') - Date.parse('2026-11-20T10:00:00.000Z'));
  });

  it('an older plan without firstCommitAt still takes its release notes (and is counted apart without either)', () => {
    const withNotes = releaseStory().plan().stage1().signOffAll().preflight().switchover().add('release-notes', { commits: [commit('n1', '2026-11-20T09:00:00.000Z')] });
    expect(deliveryMetrics(withNotes.events, { until }).releases[0]?.leadTimeMs).toBe(Date.parse(deliveryMetrics(withNotes.events, { until }).releases[0]?.liveAt ?? '') - Date.parse('2026-11-20T09:00:00.000Z'));
    const neither = releaseStory().plan().stage1().signOffAll().preflight().switchover().verdict('faulty').rollback();
    expect(deliveryMetrics(neither.events, { until }).leadTime).toMatchObject({ count: 0, withoutCommitTimes: 1 });
  });
});

describe('deliveryMetrics at the edges', () => {
  it('no releases: counts are zero and every rate or duration is null, not 0 or NaN', () => {
    const metrics = deliveryMetrics([], { since: '2026-11-02T00:00:00.000Z', until: '2026-11-09T00:00:00.000Z' });
    expect(metrics.counts).toEqual({ planned: 0, live: 0, neverLive: 0, failed: 0, unattributedRollbacks: 0 });
    expect(metrics.deploymentFrequency).toEqual({ perDay: 0, perWeek: 0, byWeek: [{ weekStart: '2026-11-02T00:00:00.000Z', live: 0 }] });
    expect(metrics.leadTime).toEqual({ count: 0, medianMs: null, p90Ms: null, withoutCommitTimes: 0 });
    expect(metrics.changeFailureRate).toEqual({ failed: 0, live: 0, rate: null });
    expect(metrics.timeToRestore).toEqual({ count: 0, medianMs: null, p90Ms: null, notRestored: 0 });
  });

  it('an empty journal without --since: a period of no length, no frequency', () => {
    const metrics = deliveryMetrics([], { until: '2026-11-09T00:00:00.000Z' });
    expect(metrics.period.days).toBe(0);
    expect(metrics.deploymentFrequency.perDay).toBeNull();
  });

  it('a release never live (its switchover failed) is planned, not live, not a failure', () => {
    const story = releaseStory().plan().stage1().signOffAll().preflight().switchover('failed');
    const metrics = deliveryMetrics(story.events, { until: '2026-11-21T00:00:00.000Z' });
    expect(metrics.counts).toMatchObject({ planned: 1, live: 0, neverLive: 1, failed: 0 });
    expect(metrics.changeFailureRate.rate).toBeNull();
  });

  it('a switchover whose production reports another SHA is not live (the journal\'s rule)', () => {
    const story = releaseStory().plan().stage1().signOffAll().preflight().startStep('switchover').finishStep('switchover', 'succeeded', { productionVersion: PREVIOUS_SHA, healthy: true });
    expect(deliveryMetrics(story.events, { until: '2026-11-21T00:00:00.000Z' }).counts.live).toBe(0);
  });

  it('a rollback without a release is counted apart, not as a failure of some release', () => {
    const story = releaseStory().add('rolled-back', { fromSha: null, toSha: PREVIOUS_SHA, healthy: true, message: 'by hand' }, { releaseId: null });
    const metrics = deliveryMetrics(story.events, { until: '2026-11-21T00:00:00.000Z' });
    expect(metrics.counts).toEqual({ planned: 0, live: 0, neverLive: 0, failed: 0, unattributedRollbacks: 1 });
    expect(metrics.timeToRestore.count).toBe(0);
  });

  it('an unhealthy rollback is a failure but not a restore', () => {
    const story = releaseStory().plan().stage1().signOffAll().preflight().switchover();
    story.startStep('rollback').finishStep('rollback', 'succeeded', { productionVersion: PREVIOUS_SHA, healthy: false });
    story.add('rolled-back', { fromSha: RELEASE_SHA, toSha: PREVIOUS_SHA, healthy: false, message: 'production answers 500' });
    const metrics = deliveryMetrics(story.events, { until: '2026-11-21T00:00:00.000Z' });
    expect(metrics.changeFailureRate).toEqual({ failed: 1, live: 1, rate: 1 });
    expect(metrics.timeToRestore).toMatchObject({ count: 0, notRestored: 1 });
  });

  it('an inconclusive switchover resolved as succeeded on the release SHA is live at the resolution', () => {
    const story = releaseStory().plan().stage1().signOffAll().preflight().startStep('switchover').resolve('switchover', 'succeeded', RELEASE_SHA);
    const metrics = deliveryMetrics(story.events, { until: '2026-11-21T00:00:00.000Z' });
    expect(metrics.counts.live).toBe(1);
    expect(metrics.releases[0]?.liveAt).toBe(story.last.at);
  });
});

describe('durationStats', () => {
  it('median of an odd and an even count, nearest-rank p90', () => {
    expect(durationStats([5])).toEqual({ count: 1, medianMs: 5, p90Ms: 5 });
    expect(durationStats([3, 1, 2])).toEqual({ count: 3, medianMs: 2, p90Ms: 3 });
    // 10 values 1..10: median (5+6)/2; p90 = the 9th.
    expect(durationStats([10, 9, 8, 7, 6, 5, 4, 3, 2, 1])).toEqual({ count: 10, medianMs: 5.5, p90Ms: 9 });
  });
});

describe('parseUntilDate', () => {
  it('a day runs through its end (the next midnight UTC); a time is that instant', () => {
    expect(parseUntilDate('2026-11-08')).toEqual({ ok: true, iso: '2026-11-09T00:00:00.000Z' });
    expect(parseUntilDate('2026-12-31')).toEqual({ ok: true, iso: '2027-01-01T00:00:00.000Z' });
    expect(parseUntilDate('2026-11-08T18:00:00+01:00')).toEqual({ ok: true, iso: '2026-11-08T17:00:00.000Z' });
  });

  it('names itself and the value when it is not a date', () => {
    for (const text of ['2026-02-30', 'yesterday', '2026-11-08T25:00Z', '']) {
      expect(parseUntilDate(text)).toEqual({ ok: false, message: `--until ${JSON.stringify(text)} is not a date: give a day as YYYY-MM-DD (UTC) or a time as 2026-11-01T09:00:00Z` });
    }
  });
});

describe('parseSinceDate', () => {
  it('a day is midnight UTC; a time keeps its zone', () => {
    expect(parseSinceDate('2026-11-02')).toEqual({ ok: true, iso: '2026-11-02T00:00:00.000Z' });
    expect(parseSinceDate('2026-11-02T09:30:00+02:00')).toEqual({ ok: true, iso: '2026-11-02T07:30:00.000Z' });
    expect(parseSinceDate('2026-11-02T09:30Z')).toEqual({ ok: true, iso: '2026-11-02T09:30:00.000Z' });
  });

  it.each(['yesterday', '2026-13-01', '2026-02-30', '02/11/2026', '2026-11-02T09:30:00', '', '2026-02-30T10:00:00Z'])('refuses %j, saying what it takes', (text) => {
    const parsed = parseSinceDate(text);
    expect(parsed.ok).toBe(false);
    if (!parsed.ok) expect(parsed.message).toBe(`--since ${JSON.stringify(text)} is not a date: give a day as YYYY-MM-DD (UTC) or a time as 2026-11-01T09:00:00Z`);
  });
});
