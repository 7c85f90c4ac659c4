/**
 * A release's events in words, and the timeline's markup: every event with time, actor, title
 * and details, overrides with their refusal and reason, and journal text rendered inert.
 */
import { createElement, type ReactElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { describeEvent, releaseTimeline } from '../../../../shared/audit/release-timeline';
import { CAST, PREVIOUS_SHA, RELEASE_SHA, releaseStory } from '../../../fixtures/release-events';

const INJECTION = '<script>alert(1)</script><img src=x onerror=alert(2)>';

describe('releaseTimeline', () => {
  const story = releaseStory().plan({ pullRequest: { number: 42, url: 'https://github.com/welkin/web/pull/42', title: INJECTION } }).stage1().signOff('erin', INJECTION).override('switchover', 'the team lead agreed', CAST.coordinator, 'frank@welkin.example has not signed off').preflight().switchover().rollback();
  story.add('watch-summary', { samplesFile: 'samples/r1.jsonl', probes: [{ probe: 'web', samples: 120, uptime: 0.9917, latencyP50Ms: 12.4, latencyP95Ms: 40, alerts: 1, firstAt: 1, lastAt: 2 }] });
  story.add('release-notes', { commits: Array.from({ length: 22 }, (_, i) => ({ sha: String(i % 10).repeat(40), subject: `change ${i}`, author: 'erin' })) });
  story.plan({ branch: 'feature/other' });
  const entries = releaseTimeline(story.events, 'r1');

  it('only that release\'s events, each titled in words', () => {
    expect(entries.every((entry) => entry.seq < story.last.seq)).toBe(true);
    expect(entries.map((entry) => entry.title)).toEqual([
      'Planned feature/x',
      'Stage 1 started',
      'Stage 1 succeeded',
      'Preview signed off by erin',
      'Override: switchover',
      'Preflight started',
      'Preflight succeeded',
      'Switchover (Stage 2) started',
      'Switchover (Stage 2) succeeded',
      'Rollback started',
      'Rollback succeeded',
      `Rolled back from ${RELEASE_SHA.slice(0, 7)} to ${PREVIOUS_SHA.slice(0, 7)}`,
      'production locked',
      'Watch summary',
      'Release notes: 22 commits',
    ]);
  });

  it('data in words: the plan, a step\'s facts, the watch, long release notes cut', () => {
    expect(entries[0]?.details).toEqual([`${RELEASE_SHA.slice(0, 7)} onto master, in production`, 'coordinator alice@welkin.example; on call dave; engineers erin, frank@welkin.example', `pull request #42: ${INJECTION}`]);
    expect(entries[8]?.details).toEqual(['switchover succeeded', 'exit code 0, took 1.5 s', `production reports ${RELEASE_SHA.slice(0, 7)}`, 'every probe healthy']);
    expect(entries[13]?.details).toEqual(['web: 120 samples, 99.2% up, p50 12 ms, p95 40 ms, 1 alert']);
    expect(entries[14]?.details).toHaveLength(21);
    expect(entries[14]?.details.at(-1)).toBe('and 2 more');
  });

  it('an override carries its action, refusal and reason', () => {
    expect(entries[4]).toMatchObject({ actor: CAST.coordinator, override: { action: 'switchover', refusal: 'frank@welkin.example has not signed off', reason: 'the team lead agreed' } });
    expect(describeEvent(story.events[0] ?? story.last).override).toBeNull();
  });

  it('the timeline\'s markup: overrides stand out with refusal and reason; journal text is inert', async () => {
    const module = '../../../../renderer/views/history/ReleaseTimeline';
    const { TimelineEvents } = (await import(/* @vite-ignore */ module)) as { TimelineEvents: (props: { releaseId: string; entries: typeof entries; now: Date }) => ReactElement };
    const html = renderToStaticMarkup(createElement(TimelineEvents, { releaseId: 'r1', entries, now: new Date('2026-11-20T15:00:00.000Z') }));
    expect(html).toContain('Timeline of r1: 15 events, 1 override');
    expect(html).toMatch(/<li class="timeline-event timeline-override" data-seq="5">.*<strong class="timeline-title">Override: switchover<\/strong><span class="timeline-actor">by alice@welkin.example<\/span>/);
    expect(html).toContain('<dt>Refused because</dt><dd>frank@welkin.example has not signed off</dd><dt>Done anyway, because</dt><dd>the team lead agreed</dd>');
    expect(html).toContain(`<time dateTime="${entries[0]?.at ?? ''}">`);
    // The injection corpus is text: escaped, never markup.
    expect(html).not.toContain('<script>');
    expect(html).not.toContain('<img');
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;&lt;img src=x onerror=alert(2)&gt;');
  });
});
