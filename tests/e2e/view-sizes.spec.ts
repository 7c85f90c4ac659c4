/**
 * Every view of the demo world (its board, its release history, production's monitor, the
 * Settings) at the two window sizes people use, 1024×700 and 1440×900: nothing makes the page
 * scroll sideways, the navigation and the view never overlap, and every control and heading
 * lies inside the window. The assertions are geometric (pixel comparisons break across
 * machines); screenshots go to test-results/view-sizes/ to look at.
 */
import { rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { demoPaths, startDemo, stopDemo } from '../../electron/services/demo';
import { expect, test as base } from './harness';
import { expectFits } from './layout-checks';

const test = base.extend<object, { demoDir: string }>({
  demoDir: [
    // eslint-disable-next-line no-empty-pattern -- Playwright reads fixture needs from this pattern.
    async ({}, use) => {
      const dir = path.join(os.tmpdir(), `desk-e2e-view-sizes-${process.pid}`);
      await startDemo(dir);
      await use(demoPaths(dir).dir);
      await stopDemo(dir);
      await rm(dir, { recursive: true, force: true });
    },
    { scope: 'worker' },
  ],
  deskWorkspace: async ({ demoDir }, use) => {
    await use(demoDir);
  },
});

test.setTimeout(90_000);

const VIEWS = ['Branches', 'Release', 'Monitor', 'History', 'Settings'] as const;
const SIZES = [
  { width: 1024, height: 700 },
  { width: 1440, height: 900 },
] as const;
const SCREENS = path.resolve(import.meta.dirname, '../../test-results/view-sizes');

for (const size of SIZES) {
  test(`every view of the demo fits a ${size.width}×${size.height} window`, async ({ deskPage, problems }) => {
    await deskPage.setViewportSize(size);
    const board = deskPage.getByRole('table', { name: /branches/i }).first();
    await expect(board).toBeVisible({ timeout: 60_000 });
    // The board while CI is still being read (its widest state badge), then read, then with a branch's detail beside it.
    await expectFits(deskPage, 'Branches reading', size, SCREENS);
    await expect(board).not.toContainText(/reading…/i, { timeout: 60_000 });
    await expectFits(deskPage, 'Branches', size, SCREENS);
    await board.getByRole('button', { name: 'feature/conflicting' }).click();
    await expect(deskPage.getByRole('region', { name: 'feature/conflicting' })).toBeVisible();
    await expectFits(deskPage, 'Branches with detail', size, SCREENS);
    for (const view of VIEWS.slice(1)) {
      await deskPage.getByRole('link', { name: view, exact: true }).click();
      await expect(deskPage.getByRole('heading', { level: 1, name: view })).toBeVisible();
      // Each view reads its data after it opens: wait until nothing says it is still loading.
      await expect(deskPage.locator('main').getByText(/^(Loading|Reading|Starting) [^.]*…$/)).toHaveCount(0, { timeout: 30_000 });
      await expectFits(deskPage, view, size, SCREENS);
    }
    expect(problems.pageErrors).toEqual([]);
    expect(problems.cspViolations).toEqual([]);
  });
}
