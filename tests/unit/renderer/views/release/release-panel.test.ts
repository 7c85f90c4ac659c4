/**
 * The Release panel's markup at each stage, rendered under Node: what a person (and the e2e
 * test) looks for has a role and a name, state is in words, the primary button is named
 * after what it does, and untrusted text (notes, branch names) stays text.
 */
import { createElement, type ReactElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { beforeAll, describe, expect, it } from 'vitest';
import type { ReleaseView } from '../../../../../shared/releases/release-ipc';
import { baseState, RELEASE_STAGES, viewOf } from '../../../../fixtures/release-views';

// The panel's live output subscribes through window.desk; under Node nothing is pushed.
beforeAll(() => {
  (globalThis as { window?: unknown }).window = { desk: { on: () => () => undefined, releases: {} } };
});

type PanelProps = { readonly view: ReleaseView; readonly now: Date; readonly readOnly: boolean; readonly onView: (view: ReleaseView) => void };
const panelModule = '../../../../../renderer/views/release/ReleasePanel';
const { ReleasePanel } = (await import(/* @vite-ignore */ panelModule)) as { ReleasePanel: (props: PanelProps) => ReactElement };

const NOW = new Date('2026-11-29T10:10:00.000Z');
const render = (view: ReleaseView, readOnly = false) =>
  renderToStaticMarkup(createElement(ReleasePanel, { view, now: NOW, readOnly, onView: () => undefined }));

describe('ReleasePanel', () => {
  it('names the next action after what it does, as the primary button', () => {
    expect(render(RELEASE_STAGES.planned())).toMatch(/<button type="button" class="primary"[^>]*>Start Stage 1<\/button>/);
    expect(render(RELEASE_STAGES.readyForSwitchover())).toMatch(/<button type="button" class="primary"[^>]*>Switch production to 3f1c2ab<\/button>/);
    expect(render(RELEASE_STAGES.watching())).toMatch(/class="primary"[^>]*>Mark healthy<\/button><button type="button"[^>]*>Mark faulty<\/button>/);
  });

  it('says each step state in words and marks the current one', () => {
    const html = render(RELEASE_STAGES.exercising());
    expect(html).toContain('aria-label="Stage 1: Done"');
    expect(html).toContain('aria-current="step" aria-label="Exercise &amp; sign off: Waiting for 1 of 2 sign-offs"');
    expect(html.match(/aria-current="step"/g)).toHaveLength(1);
    expect(html).toContain('took 4.2 s');
  });

  it('shows the preview link, the blocker, who owes a sign-off and the team updates still pending', () => {
    const html = render(RELEASE_STAGES.exercising());
    expect(html).toContain('>Open the preview</button>');
    expect(html).toContain('<code aria-label="Preview address">http://127.0.0.1:43123</code>');
    expect(html).toContain('aria-label="Blocker">Waiting for carol@welkin.example to sign off the preview.</p>');
    expect(html).toContain('Still to sign off: carol@welkin.example.');
    expect(html).toContain('Slack: Preview ready for feature/ready — Slack unreachable; next try in 30 s');
    expect(html).toMatch(/<form class="sign-off-form" aria-label="Sign off the preview">/);
    expect(html).toMatch(/class="primary"[^>]*>Sign off the preview<\/button>/);
  });

  it('renders a note with markup in it as text', () => {
    const html = render(RELEASE_STAGES.exercising());
    expect(html).toContain('booked, &lt;b&gt;moved&lt;/b&gt; and cancelled');
    expect(html).not.toContain('<b>moved</b>');
  });

  it('offers Abort before Stage 2 only', () => {
    expect(render(RELEASE_STAGES.planned())).toContain('>Abort release…</button>');
    expect(render(RELEASE_STAGES.watching())).not.toContain('Abort release');
  });

  it('offers Cancel for the running step and opens its live output', () => {
    const html = render(RELEASE_STAGES.staging());
    expect(html).toContain('>Cancel Stage 1</button>');
    expect(html).toContain('role="log" aria-label="Stage 1 output"');
    expect(html).toContain('aria-label="Search Stage 1 output"');
    expect(html).toContain('>Copy Stage 1 log</button>');
  });

  it('says an inconclusive step is so, with Check production and the resolve form', () => {
    const html = render(RELEASE_STAGES.inconclusive());
    expect(html).toContain('Inconclusive: switchover');
    expect(html).toContain('>Check production</button>');
    expect(html).toContain('aria-label="Record what happened"');
    expect(html).toContain('Version production runs (full SHA)');
  });

  it('shows a recorded release read-only: the same steps, no actions', () => {
    const html = render(RELEASE_STAGES.done(), true);
    expect(html).toContain('aria-label="Done: Done"');
    expect(html).toContain('#12 Book appointments');
    expect(html).not.toContain('class="primary"');
    expect(html).not.toContain('aria-label="Next action"');
    expect(html).not.toContain('Blocker');
  });

  it('spells out invisible characters in a branch name and offers wraps only after separators', () => {
    const html = render(viewOf(baseState({ branch: 'feat/rtl-\u202Egnp.exe' })));
    expect(html).toContain('feat/<wbr/>rtl-<wbr/>\\u202Egnp.<wbr/>exe');
    expect(html).toContain('invisible or direction-changing characters');
  });

  it('lists overrides with their written reasons', () => {
    const state = baseState({
      overrides: [{ action: 'switchover', refusal: 'Only the on-call may start Stage 2.', reason: 'Bob is on a plane', by: 'erin', at: '2026-11-29T10:05:00.000Z', seq: 7 }],
    });
    expect(render(viewOf(state))).toContain('erin overrode “Only the on-call may start Stage 2.” at');
    expect(render(viewOf(state))).toContain(': Bob is on a plane');
  });
});
