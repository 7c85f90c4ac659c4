/**
 * The watch's end and auto-rollback in the Release and Monitor views, rendered under Node:
 * the journal's watch summary as a table once the watch ended, and auto-rollback's state in words.
 */
import { createElement, type ReactElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { beforeAll, describe, expect, it } from 'vitest';
import type { AutoRollbackPlan } from '../../../../shared/monitor/monitor-ipc';
import type { ReleaseView } from '../../../../shared/releases/release-ipc';
import { RELEASE_STAGES } from '../../../fixtures/release-views';

beforeAll(() => {
  (globalThis as { window?: unknown }).window = { desk: { on: () => () => undefined, releases: {} } };
});

type PanelProps = { readonly view: ReleaseView; readonly now: Date; readonly readOnly: boolean; readonly onView: (view: ReleaseView) => void };
const panelModule = '../../../../renderer/views/release/ReleasePanel';
const { ReleasePanel } = (await import(/* @vite-ignore */ panelModule)) as { ReleasePanel: (props: PanelProps) => ReactElement };
type LineOf = (plan: AutoRollbackPlan | null, environment: string, alertingSince: number | null, now: Date) => { state: string; text: string } | null;
const textModule = '../../../../renderer/views/monitor/auto-rollback-text';
const { autoRollbackLine } = (await import(/* @vite-ignore */ textModule)) as { autoRollbackLine: LineOf };

const NOW = new Date('2026-11-29T10:10:00.000Z');

describe('the watch summary in the Release view', () => {
  it('shows each probe’s readings, uptime, p50/p95 and alerts once the journal has the summary, as text', () => {
    const done = RELEASE_STAGES.done();
    const view: ReleaseView = {
      ...done,
      state: {
        ...done.state,
        watchSummary: {
          at: '2026-11-29T10:05:00.000Z',
          samplesFile: 'releases/r1/samples.jsonl',
          probes: [
            { probe: 'web', samples: 900, uptime: 0.995, latencyP50Ms: 12, latencyP95Ms: 1480, alerts: 1, firstAt: Date.parse('2026-11-29T09:50:01Z'), lastAt: Date.parse('2026-11-29T10:04:59Z') },
            { probe: '<img src=x>', samples: 0, uptime: null, latencyP50Ms: null, latencyP95Ms: null, alerts: 0, firstAt: null, lastAt: null },
          ],
        },
      },
    };
    const html = renderToStaticMarkup(createElement(ReleasePanel, { view, now: NOW, readOnly: true, onView: () => undefined }));
    expect(html).toContain('<h4 id="watch-summary-r1">Watch summary</h4>');
    expect(html).toContain('releases/r1/samples.jsonl');
    expect(html).toMatch(/<th scope="row">web<\/th><td>900<\/td><td>99\.5% up<\/td><td>12 ms<\/td><td>1\.5 s<\/td><td>1<\/td>/);
    expect(html).toContain('&lt;img src=x&gt;');
    expect(html).toContain('none taken (Release Desk was not running)');
    expect(renderToStaticMarkup(createElement(ReleasePanel, { view: done, now: NOW, readOnly: true, onView: () => undefined }))).not.toContain('Watch summary');
  });
});

describe('auto-rollback in words', () => {
  const plan: AutoRollbackPlan = { afterSeconds: 120, releaseId: 'r1', since: '2026-11-29T10:00:00.000Z', until: '2026-11-29T10:15:00.000Z', onCall: 'bob', firesAt: null };

  it('says it is armed while nothing alerts, counts down while production alerts, and is silent when off or after the window', () => {
    expect(autoRollbackLine(plan, 'production', null, NOW)).toMatchObject({ state: 'armed', text: expect.stringMatching(/^Auto-rollback is armed until \d\d:15: if an alert lasts 120 s, Release Desk rolls production back by itself \(r1, on behalf of the on-call bob\)\.$/) });
    const alertAt = Date.parse('2026-11-29T10:09:30.000Z');
    expect(autoRollbackLine(plan, 'production', alertAt, NOW)).toMatchObject({ state: 'counting', text: expect.stringMatching(/at \d\d:11:30 \(in 90 s\) unless the alert recovers first\.$/) });
    expect(autoRollbackLine(plan, 'production', Date.parse('2026-11-29T10:14:00.000Z'), NOW)?.state).toBe('too-late');
    expect(autoRollbackLine(null, 'production', alertAt, NOW)).toBeNull();
    expect(autoRollbackLine(plan, 'production', null, new Date('2026-11-29T10:15:00.000Z'))).toBeNull();
  });
});
