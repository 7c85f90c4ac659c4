/**
 * The Release and History views in Chromium against release handlers that answer the
 * contract's shapes from fixtures (tests/fixtures/release-views.ts): every state of the flow
 * can be shown and acted on without waiting for real commands. The real flow on the demo world
 * is release.spec.ts. Also takes the screenshots looked at for layout (1024×700, 1440×900)
 * into test-results/release-screens/.
 */
import path from 'node:path';
import type { Page } from '@playwright/test';
import type { Handlers } from '../../electron/ipc/dispatch';
import { createHandlers } from '../../electron/services/handlers';
import { DeskError } from '../../shared/ipc/result';
import type { MonitorOverview } from '../../shared/monitor/monitor-ipc';
import type { ActOptions, ReleaseView } from '../../shared/releases/release-ipc';
import { PREVIOUS_SHA, RELEASE_SHA, RELEASE_STAGES, stagingSince } from '../fixtures/release-views';
import { defaultDeps, expect, test } from './harness';
import { expectFits } from './layout-checks';

const SCREENS = path.resolve(import.meta.dirname, '../../test-results/release-screens');

interface Fixture {
  active: ReleaseView | null;
  history: ReleaseView[];
  calls: Array<{ readonly call: string; readonly options?: ActOptions }>;
  monitor?: MonitorOverview;
}

function fixtureHandlers(fixture: Fixture): Handlers {
  const base = createHandlers({ ...defaultDeps, workspacePath: () => null });
  const current = () => {
    if (fixture.active === null) throw new DeskError('not-found', 'No active release.');
    return fixture.active;
  };
  return {
    ...base,
    'workspace.getStatus': () => ({ kind: 'ready', path: '/fixture', name: 'Fixture workspace' }),
    'releases.overview': () => ({
      viewer: current().viewer,
      environments: [
        {
          name: 'production',
          state: { environment: 'production', activeReleaseId: fixture.active?.state.id ?? null, lock: null, liveHistory: [] },
          active: fixture.active,
          planRefusal: null,
        },
      ],
    }),
    'releases.history': () => fixture.history,
    'releases.switchover': (_id, options) => {
      fixture.calls.push({ call: 'switchover', options });
      if (options.overrideReason === undefined) throw new DeskError('conflict', 'Only the on-call (carol@welkin.example) may start Stage 2.');
      fixture.active = RELEASE_STAGES.watching();
      return fixture.active;
    },
    'releases.markVerdict': (_id, verdict, options) => {
      fixture.calls.push({ call: `mark-${verdict}`, options });
      return current();
    },
    'monitor.overview': () => fixture.monitor ?? { environments: [] },
    'releases.editEngineers': (_id, engineers, options) => {
      fixture.calls.push({ call: `engineers ${engineers.join(',')}`, options });
      const view = current();
      fixture.active = { ...view, state: { ...view.state, engineers: [...engineers] } };
      return fixture.active;
    },
    'releases.stepLog': (id, step, attempt) => `full log of ${id} ${step} ${attempt}\nline two\n`,
    'releases.cancelStep': () => true,
  };
}

const test2 = test.extend<{ fixture: Fixture }>({
  // eslint-disable-next-line no-empty-pattern -- Playwright reads fixture needs from this pattern.
  fixture: async ({}, use) => {
    await use({ active: RELEASE_STAGES.readyForSwitchover(), history: [RELEASE_STAGES.done(), RELEASE_STAGES.aborted()], calls: [] });
  },
  deskHandlers: async ({ fixture }, use) => {
    await use(fixtureHandlers(fixture));
  },
});

async function openRelease(page: Page) {
  await page.getByRole('link', { name: 'Release' }).click();
  const release = page.getByRole('region', { name: /^Release r1 of / });
  await expect(release).toBeVisible();
  return release;
}

test2('a refused Stage 2 shows its reason, and Override… asks for a written reason it passes on', async ({ deskPage, fixture, problems }) => {
  const release = await openRelease(deskPage);
  await expect(release.getByLabel('Blocker')).toHaveText('Only the on-call (carol@welkin.example) may start Stage 2.');
  await release.getByRole('button', { name: 'Switch production to 3f1c2ab' }).click();
  const refusal = release.getByRole('alert').filter({ hasText: 'refused' });
  await expect(refusal).toHaveText(/Switch production to 3f1c2ab refused: Only the on-call \(carol@welkin.example\) may start Stage 2\./);
  expect(fixture.calls).toEqual([{ call: 'switchover', options: {} }]);

  await refusal.getByRole('button', { name: 'Override…' }).click();
  const form = release.getByRole('form', { name: 'Override: Switch production to 3f1c2ab' });
  const submit = form.getByRole('button', { name: 'Override and switch production to 3f1c2ab' });
  await expect(submit).toBeDisabled();
  await form.getByLabel('Reason').fill('  o ');
  await expect(submit).toBeDisabled();
  await form.getByLabel('Reason').fill('Bob is on a plane');
  await submit.click();
  await expect(release.getByRole('button', { name: 'Mark healthy' })).toBeVisible();
  await expect(release.getByRole('listitem', { name: 'Stage 2 switchover: Done' })).toBeVisible();
  expect(fixture.calls.at(-1)).toEqual({ call: 'switchover', options: { overrideReason: 'Bob is on a plane' } });
  expect(problems.consoleErrors).toEqual([]);
  expect(problems.cspViolations).toEqual([]);
});

test2('a refusal or half-written reason of one release never shows under the next', async ({ deskPage, bridge, fixture }) => {
  const release = await openRelease(deskPage);
  await release.getByRole('button', { name: 'Switch production to 3f1c2ab' }).click();
  await release.getByRole('alert').filter({ hasText: 'refused' }).getByRole('button', { name: 'Override…' }).click();
  await deskPage.getByRole('form', { name: 'Override: Switch production to 3f1c2ab' }).getByLabel('Reason').fill('half a reason for r1');

  // r1 is aborted elsewhere (the CLI, another window) and r2 is planned on the same environment.
  const ready = RELEASE_STAGES.readyForSwitchover();
  const next = { ...ready, state: { ...ready.state, id: 'r2', branch: 'feature/next', firstSeq: 20, lastSeq: 27 } };
  fixture.active = next;
  bridge.push('releases.changed', next);
  const second = deskPage.getByRole('region', { name: 'Release r2 of feature/next' });
  await expect(second).toBeVisible();
  await expect(deskPage.getByRole('region', { name: /^Release r1 of / })).toHaveCount(0);
  await expect(second.getByRole('button', { name: 'Switch production to 3f1c2ab' })).toBeVisible();
  await expect(deskPage.getByRole('alert')).toHaveCount(0);
  await expect(deskPage.getByRole('form', { name: /^Override/ })).toHaveCount(0);
});

test2('live output shows under its own release, step and attempt only; search and copy work', async ({ deskPage, bridge, fixture, context }) => {
  await context.grantPermissions(['clipboard-read', 'clipboard-write']);
  // Stage 1 began an hour before this window opened: the start of its output is only in its file.
  const anHourAgo = new Date(Date.now() - 3_600_000).toISOString();
  fixture.active = stagingSince(anHourAgo);
  const release = await openRelease(deskPage);
  const log = release.getByRole('log', { name: 'Stage 1 output' });
  await expect(log).toBeVisible();
  const at = new Date().toISOString();
  bridge.push('releases.output', { releaseId: 'r2', step: 'stage1', attempt: 1, chunks: [{ at, stream: 'stdout', text: 'from another release' }] });
  bridge.push('releases.output', { releaseId: 'r1', step: 'stage1', attempt: 2, chunks: [{ at, stream: 'stdout', text: 'from another attempt' }] });
  bridge.push('releases.output', {
    releaseId: 'r1',
    step: 'stage1',
    attempt: 1,
    chunks: [
      { at, stream: 'stdout', text: 'building 3f1c2ab' },
      { at, stream: 'stderr', text: '<img src=x onerror=alert(1)> warning' },
      { at, stream: 'stdout', text: 'PREVIEW_URL=http://127.0.0.1:43123' },
    ],
  });
  await expect(log).toContainText('PREVIEW_URL=http://127.0.0.1:43123');
  await expect(log).toContainText('<img src=x onerror=alert(1)> warning');
  await expect(log).not.toContainText('from another');

  await release.getByRole('searchbox', { name: 'Search Stage 1 output' }).fill('preview');
  await expect(log.locator('mark')).toHaveText(['PREVIEW']);
  await expect(release.getByText('1 of 3 lines match')).toBeVisible();
  await release.getByRole('checkbox', { name: 'Only matching lines' }).check();
  await expect(log).not.toContainText('building');

  await release.getByRole('button', { name: 'Copy Stage 1 log' }).click();
  await expect(release.getByRole('status').filter({ hasText: 'Copied 2 lines of Stage 1 output.' })).toBeVisible();
  expect(await deskPage.evaluate(() => navigator.clipboard.readText())).toBe('full log of r1 stage1 1\nline two\n');
});

test2('the live log stays virtualised and follows its end through 100,000 lines in batches of 500', async ({ deskPage, bridge, fixture, context }) => {
  await context.grantPermissions(['clipboard-read', 'clipboard-write']);
  // Stage 1 starts after the window began listening: it holds the whole output.
  const startedAt = new Date(Date.now() + 1_000).toISOString();
  fixture.active = stagingSince(startedAt);
  const release = await openRelease(deskPage);
  const log = release.getByRole('log', { name: 'Stage 1 output' });
  await expect(log).toBeVisible();
  const started = Date.now();
  for (let batch = 0; batch < 200; batch++) {
    const text = Array.from({ length: 500 }, (_, n) => `line ${batch * 500 + n + 1}`).join('\n');
    bridge.push('releases.output', { releaseId: 'r1', step: 'stage1', attempt: 1, chunks: [{ at: new Date().toISOString(), stream: 'stdout', text }] });
  }
  await expect(release.getByText('100000 lines', { exact: true })).toBeVisible({ timeout: 60_000 });
  await expect(log).toContainText('line 100000');
  const elapsed = Date.now() - started;
  const shown = (await log.innerText()).split('\n');
  expect(shown.length).toBeLessThan(100);
  console.log(`100,000 lines in 200 batches shown in ${elapsed} ms (${shown.length} lines in the DOM)`);

  await release.getByRole('searchbox', { name: 'Search Stage 1 output' }).fill('line 99999');
  await release.getByRole('checkbox', { name: 'Only matching lines' }).check();
  await expect(log).toContainText('line 99999');
  await expect(release.getByText('1 of 100000 lines match')).toBeVisible();

  // The window heard the run from its start: Copy takes the lines it holds, all of them.
  await release.getByRole('button', { name: 'Copy Stage 1 log' }).click();
  await expect(release.getByRole('status').filter({ hasText: 'Copied 100000 lines of Stage 1 output.' })).toBeVisible();
  const copied = (await deskPage.evaluate(() => navigator.clipboard.readText())).split('\n');
  expect(copied).toHaveLength(100_000);
  expect(copied[0]).toMatch(/ line 1$/);
  expect(copied.at(-1)).toMatch(/ line 100000$/);
});

test2('following a burst, every commit draws the newest line last and reuses the rows already in the DOM', async ({ deskPage, bridge, fixture }) => {
  const startedAt = new Date(Date.now() + 1_000).toISOString();
  fixture.active = stagingSince(startedAt);
  const release = await openRelease(deskPage);
  const log = release.getByRole('log', { name: 'Stage 1 output' });
  await expect(log).toBeVisible();
  // A log shorter than its view first: the burst must still fill the view at once.
  bridge.push('releases.output', { releaseId: 'r1', step: 'stage1', attempt: 1, chunks: [{ at: new Date().toISOString(), stream: 'stdout', text: 'starting\nstill starting' }] });
  await expect(log).toContainText('still starting');
  // Every change to the log's DOM is seen once its commit is done (before the next frame's scroll
  // event): the last row it holds then, how many rows it holds, and how many were ever created.
  await deskPage.evaluate(() => {
    const element = document.querySelector('[role="log"][aria-label="Stage 1 output"]');
    if (element === null) throw new Error('no Stage 1 log');
    const seen = { lastRows: [] as string[], rowCounts: [] as number[], viewRows: Math.ceil(element.clientHeight / 18), created: 0 };
    Object.assign(window, { logSeen: seen });
    new MutationObserver((records) => {
      for (const record of records) {
        for (const node of record.addedNodes) if (node instanceof HTMLElement && node.classList.contains('log-line')) seen.created++;
      }
      const rows = element.querySelectorAll('.log-line');
      seen.lastRows.push(rows[rows.length - 1]?.textContent ?? '');
      seen.rowCounts.push(rows.length);
    }).observe(element, { childList: true, subtree: true, characterData: true });
  });
  for (let batch = 0; batch < 100; batch++) {
    const text = Array.from({ length: 500 }, (_, n) => `line ${batch * 500 + n + 1}`).join('\n');
    bridge.push('releases.output', { releaseId: 'r1', step: 'stage1', attempt: 1, chunks: [{ at: new Date().toISOString(), stream: 'stdout', text }] });
  }
  await expect(release.getByText('50002 lines', { exact: true })).toBeVisible({ timeout: 60_000 });
  await expect(log).toContainText('line 50000');
  const seen = await deskPage.evaluate(() => (window as unknown as { logSeen: { lastRows: string[]; rowCounts: number[]; viewRows: number; created: number } }).logSeen);
  const rows = await log.locator('.log-line').count();
  // Batches end at multiples of 500: a commit that drew rows of the position before the new
  // lines (the virtualiser's range is read before the scroll to the end) ended elsewhere.
  const notAtEnd = seen.lastRows.filter((text) => Number(/ line (\d+)$/.exec(text)?.[1] ?? NaN) % 500 !== 0);
  expect(notAtEnd).toEqual([]);
  expect(seen.lastRows.length).toBeGreaterThan(0);
  // Every commit fills the view, the first one of the burst included.
  expect(seen.viewRows).toBeGreaterThan(5);
  expect(seen.rowCounts.filter((count) => count < seen.viewRows)).toEqual([]);
  // The rows on screen take each new end's lines: created once, when the log first filled.
  expect(rows).toBeGreaterThan(0);
  expect(seen.created).toBeLessThanOrEqual(rows * 2);
});

test2('the Monitor view shows the release in progress with PREVIOUS_SHA, and the running switchover\'s live output under its own run only', async ({ deskPage, bridge, fixture }) => {
  fixture.active = RELEASE_STAGES.switching();
  fixture.monitor = {
    environments: [
      {
        environment: 'production',
        alerting: false,
        alertingSince: null,
        expectedVersion: RELEASE_SHA,
        markers: [],
        probes: [{ name: 'web', url: 'http://127.0.0.1:9/health', intervalMs: 1000, state: 'ok', last: { at: Date.now(), ok: true, status: 200, latencyMs: 12, version: PREVIOUS_SHA }, alerts: [], samples: [] }],
      },
    ],
  };
  await deskPage.getByRole('link', { name: 'Monitor' }).click();
  const release = deskPage.getByRole('group', { name: 'Release in progress on production' });
  await expect(release).toContainText(`Release r1 of feature/ready: ${RELEASE_SHA.slice(0, 7)} · before it production ran ${PREVIOUS_SHA.slice(0, 7)} (a rollback goes back to it) · Stage 2 switchover is running`);
  const log = release.getByRole('log', { name: 'Stage 2 switchover output' });
  await expect(log).toBeVisible();
  const at = new Date().toISOString();
  bridge.push('releases.output', { releaseId: 'r1', step: 'stage1', attempt: 1, chunks: [{ at, stream: 'stdout', text: 'from stage 1' }] });
  bridge.push('releases.output', { releaseId: 'r1', step: 'switchover', attempt: 1, chunks: [{ at, stream: 'stdout', text: 'switching the load balancer to 3f1c2ab' }] });
  await expect(log).toContainText('switching the load balancer to 3f1c2ab');
  await expect(log).not.toContainText('from stage 1');

  // Once the switchover has ended, the Monitor says so and shows no running output.
  fixture.active = RELEASE_STAGES.watching();
  bridge.push('releases.changed', fixture.active);
  await expect(release).not.toContainText('is running');
  await expect(release.getByRole('log')).toHaveCount(0);
});

test2('while watching: the window with its time left, production\'s health live; healthy before the end asks first', async ({ deskPage, bridge, fixture }) => {
  const since = new Date(Date.now() - 5 * 60_000);
  const until = new Date(since.getTime() + 15 * 60_000);
  const watching = RELEASE_STAGES.watching();
  fixture.active = {
    ...watching,
    watch: { since: since.toISOString(), until: until.toISOString(), minutes: 15 },
    actions: watching.actions.map((verdict) => (verdict.action === 'mark-healthy' ? { ...verdict, confirm: 'The watch window of r1 is not over: mark it healthy anyway?' } : verdict)),
  };
  const at = Date.now();
  fixture.monitor = {
    environments: [
      {
        environment: 'production',
        alerting: false,
        alertingSince: null,
        expectedVersion: RELEASE_SHA,
        markers: [],
        probes: [{ name: 'web', url: 'http://127.0.0.1:9/health', intervalMs: 1000, state: 'ok', last: { at, ok: true, status: 200, latencyMs: 12, version: RELEASE_SHA }, alerts: [], samples: [] }],
      },
    ],
  };
  const release = await openRelease(deskPage);
  const hhmm = (date: Date) => `${String(date.getHours()).padStart(2, '0')}:${String(date.getMinutes()).padStart(2, '0')}`;
  await expect(release.getByLabel('Watch window')).toHaveText(new RegExp(`^Watching production until ${hhmm(until)} \\(15 min after switchover\\) — (9|10) min \\d+ s left$`));
  await expect(release.getByLabel('Production health')).toHaveText('production: 1 of 1 probe healthy, reporting 3f1c2ab (this release).');

  bridge.push('monitor.reading', {
    environment: 'production',
    probe: 'web',
    sample: { at: at + 1000, ok: false, status: 503, latencyMs: 8, version: null },
    state: 'alert',
    alerts: ['failed 3 checks in a row (HTTP 503, expected 200)'],
    alerting: true,
    alertingSince: at + 1000,
  });
  await expect(release.getByLabel('Production health')).toHaveText('production: Not healthy: web failed 3 checks in a row (HTTP 503, expected 200).');

  await release.getByRole('button', { name: 'Mark healthy', exact: true }).click();
  const confirm = release.getByRole('alertdialog', { name: 'Confirm: Mark healthy' });
  await expect(confirm).toHaveText(/The watch window is not over: mark healthy anyway\?/);
  expect(fixture.calls).toEqual([]);
  await confirm.getByRole('button', { name: 'Keep watching' }).click();
  await expect(confirm).toHaveCount(0);
  expect(fixture.calls).toEqual([]);
  await release.getByRole('button', { name: 'Mark healthy', exact: true }).click();
  await release.getByRole('button', { name: 'Mark healthy anyway' }).click();
  await expect.poll(() => fixture.calls).toEqual([{ call: 'mark-healthy', options: { confirmed: true } }]);
});

test2('Edit engineers… before Stage 2 changes who is involved; a blank list is refused in place', async ({ deskPage, fixture }) => {
  const planned = RELEASE_STAGES.planned();
  fixture.active = { ...planned, actions: [...planned.actions, { action: 'edit-engineers', allowed: true }] };
  const release = await openRelease(deskPage);
  await release.getByRole('button', { name: 'Edit engineers…' }).click();
  const form = release.getByRole('form', { name: 'Edit engineers' });
  const field = form.getByLabel('Engineers (comma-separated)');
  await expect(field).toHaveValue(planned.state.engineers.join(', '));
  await field.fill(' , ');
  await form.getByRole('button', { name: 'Save engineers' }).click();
  await expect(release.getByRole('alert')).toHaveText('Name at least one engineer (comma-separated logins or emails).');
  expect(fixture.calls).toEqual([]);
  await field.fill('carol@welkin.example, erin@welkin.example');
  await form.getByRole('button', { name: 'Save engineers' }).click();
  await expect(form).toHaveCount(0);
  expect(fixture.calls).toEqual([{ call: 'engineers carol@welkin.example,erin@welkin.example', options: {} }]);
  await expect(release.getByText('carol@welkin.example and erin@welkin.example', { exact: true })).toBeVisible();

  // After Stage 2 (no edit-engineers verdict that allows it) there is nothing to edit.
  fixture.active = RELEASE_STAGES.watching();
  await deskPage.getByRole('link', { name: 'History' }).click();
  await openRelease(deskPage);
  await expect(deskPage.getByRole('button', { name: 'Edit engineers…' })).toHaveCount(0);
});

test2('History lists releases newest first and opens one read-only', async ({ deskPage }) => {
  await deskPage.getByRole('link', { name: 'History' }).click();
  const table = deskPage.getByRole('table', { name: 'Releases' });
  await expect(table.getByRole('row')).toHaveCount(3);
  await expect(table.getByRole('row').nth(1)).toContainText('Aborted');
  await expect(table.getByRole('row').nth(2)).toContainText('Released');
  await expect(table.getByRole('row').nth(2)).toContainText('3f1c2ab');
  await expect(table.getByRole('list', { name: 'Step durations of r1' })).toContainText('Stage 1 4.2 s');
  await table.getByRole('button', { name: 'Open release r1 of feature/ready' }).click();
  const record = deskPage.getByRole('region', { name: 'Recorded release' });
  await expect(record.getByRole('listitem', { name: 'Merge: Done' })).toBeVisible();
  await expect(record.getByRole('button', { name: /Start Stage 1|Mark healthy|Abort/ })).toHaveCount(0);
  await record.getByRole('button', { name: 'Show Merge output' }).click();
  await expect(record.getByRole('log', { name: 'Merge output' })).toContainText('full log of r1 merge 1');
});

test2('a release marked healthy before the watch ended says so, in the Release view and in History', async ({ deskPage, fixture }) => {
  const early = (view: ReleaseView): ReleaseView => ({
    ...view,
    state: { ...view.state, verdict: { verdict: 'healthy', by: 'carol@welkin.example', at: view.state.updatedAt, watchRemainingMs: 12 * 60_000 + 30_000 } },
  });
  const done = early(RELEASE_STAGES.done());
  const { merge: _merged, ...unmerged } = done.state;
  fixture.active = { ...done, state: { ...unmerged, phase: 'merging' } };
  fixture.history = [done];
  const said = 'marked healthy 12 min before the watch ended';
  await openRelease(deskPage);
  await expect(deskPage.getByRole('listitem', { name: `Watch: Done: ${said}` })).toBeVisible();
  await deskPage.getByRole('link', { name: 'History' }).click();
  const table = deskPage.getByRole('table', { name: 'Releases' });
  await expect(table.getByRole('row').nth(1)).toContainText(said);
  await table.getByRole('button', { name: 'Open release r1 of feature/ready' }).click();
  await expect(deskPage.getByRole('region', { name: 'Recorded release' }).getByRole('listitem', { name: `Watch: Done: ${said}` })).toBeVisible();
});

for (const [width, height] of [
  [1024, 700],
  [1440, 900],
] as const) {
  test2(`every stage of the Release view, and the recorded release, fit ${width}×${height}`, async ({ deskPage, fixture }) => {
    await deskPage.setViewportSize({ width, height });
    for (const [name, view] of Object.entries(RELEASE_STAGES)) {
      if (name === 'done' || name === 'aborted') continue;
      fixture.active = view();
      await deskPage.goto(`${deskPage.url().split('#')[0]}#/history`);
      await deskPage.getByRole('link', { name: 'Release' }).click();
      await expect(deskPage.getByRole('region', { name: /^Release r1 of / })).toBeVisible();
      await expectFits(deskPage, `release ${name}`, { width }, SCREENS);
    }
    await deskPage.getByRole('link', { name: 'History' }).click();
    await deskPage.getByRole('button', { name: 'Open release r1 of feature/ready' }).click();
    await expect(deskPage.getByRole('region', { name: 'Recorded release' })).toBeVisible();
    await expectFits(deskPage, 'history', { width }, SCREENS);
  });
}
