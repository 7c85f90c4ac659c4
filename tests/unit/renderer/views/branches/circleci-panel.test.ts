/**
 * The CircleCI panel's markup, rendered under Node: every element a person (or the e2e
 * test) looks for has an accessible name, and untrusted test output stays text.
 */
import { createElement, type ReactElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import type { CircleCiDetails } from '../../../../../shared/ci/circleci-details';

// The renderer is its own TypeScript project (DOM + Vite types): tsconfig.tests.json does not
// include it, so the component is loaded by a path tsc does not follow; vitest compiles it.
const panelModule = '../../../../../renderer/views/branches/CircleCiPanel';
const { CircleCiPanel } = (await import(/* @vite-ignore */ panelModule)) as {
  CircleCiPanel: (props: { readonly details: CircleCiDetails }) => ReactElement;
};

const HEAD = 'a'.repeat(40);
const WEB = 'https://app.circleci.com/pipelines/github/acme/shop/12';

const failing: CircleCiDetails = {
  kind: 'found',
  branch: 'feat/login',
  headSha: HEAD,
  pipeline: { number: 12, state: 'created', createdAt: '2026-11-20T10:00:00Z', sha: 'b'.repeat(40), url: WEB },
  onHead: false,
  workflows: [
    {
      id: 'wf-1',
      name: 'build-and-test',
      status: 'failed',
      url: `${WEB}/workflows/wf-1`,
      failedJobs: [
        {
          name: 'unit',
          number: 7,
          status: 'failed',
          url: `${WEB}/workflows/wf-1/jobs/7`,
          failedTests: [{ name: 'escapes <b>', classname: 'XssTest', file: 'test/xss.test.ts', message: '<img src=x onerror=alert(1)>' }],
          moreFailedTests: 3,
          testsTruncated: false,
          testsError: null,
        },
      ],
    },
    { id: 'wf-2', name: 'deploy', status: 'on_hold', url: `${WEB}/workflows/wf-2`, failedJobs: [] },
  ],
};

const render = (details: CircleCiDetails) => renderToStaticMarkup(createElement(CircleCiPanel, { details }));

describe('CircleCiPanel', () => {
  it('names every workflow, job, test and link', () => {
    const html = render(failing);
    for (const name of [
      'Open pipeline 12 in CircleCI',
      'Workflow build-and-test: failed',
      'Open workflow build-and-test in CircleCI',
      'Failed jobs in build-and-test',
      'Failed job unit (#7): failed',
      'Open job unit (#7) in CircleCI',
      'Failing tests in unit (#7)',
      'Workflow deploy: on_hold',
      'Open workflow deploy in CircleCI',
    ]) {
      expect(html).toContain(`aria-label="${name}"`);
    }
    expect(html).toContain('and 3 more failing tests.');
    expect(html).toContain('This pipeline is not for the head commit aaaaaaa:');
  });

  it('renders test names and messages as text, never as markup', () => {
    const html = render(failing);
    expect(html).toContain('&lt;img src=x onerror=alert(1)&gt;');
    expect(html).toContain('escapes &lt;b&gt;');
    expect(html).not.toContain('<img');
    expect(html).not.toContain('<b>');
  });

  it('says why there is nothing to show', () => {
    expect(render({ kind: 'no-pipeline', branch: 'x', reason: 'CircleCI has no pipeline for x in gh/acme/shop' })).toContain(
      'CircleCI has no pipeline for x in gh/acme/shop.',
    );
    const failed = render({ kind: 'failed', branch: 'x', reason: 'CircleCI rate limit reached; data refreshes at 10:01:30 UTC', retryAt: '2026-11-20T10:01:30.000Z' });
    expect(failed).toContain('role="alert"');
    expect(failed).toContain('CircleCI could not be read: CircleCI rate limit reached; data refreshes at 10:01:30 UTC (try again after 10:01:30 UTC).');
  });
});
