/**
 * The board at the sizes people use it (1024×700, 1440×900), with names that are long or
 * lie: the board and the branch detail never overlap, a long name wraps at its slashes or is
 * shortened (its full text in a tooltip) without widening the Branch column for every row,
 * and invisible or direction-changing characters are spelled out with a warning.
 * Screenshots are saved under test-results/board-layout/ to look at; the assertions are
 * geometric, because pixel comparisons break across machines.
 */
import path from 'node:path';
import type { Locator, Page } from '@playwright/test';
import { ENDPOINT_ENV_VARS } from '../../electron/services/connections/endpoints';
import { INVISIBLE_WARNING } from '../../shared/text/reveal-invisible';
import { createTestRepo, type TestRepo } from '../fixtures/git-repo';
import { writeWorkspaceFile } from '../fixtures/workspace-file';
import { expect, test as deskTest } from './harness';

const LONG = `feature/${'very-long-branch-name-'.repeat(9)}end`.slice(0, 200);
const BEHIND = 'feature/behind-master';
const RTL = 'feat/rtl-\u202Egnp.exe';
const ZERO_WIDTH = 'feat/zero\u200Bwidth';
const SNEAKY_AUTHOR = 'Mallory\u2066 Admin';
const ORDINARY = Array.from({ length: 12 }, (_, i) => `feature/ordinary-${i + 1}`);

const test = deskTest.extend<object, { layoutRepo: TestRepo }>({
  layoutRepo: [
    // eslint-disable-next-line no-empty-pattern -- Playwright reads fixture needs from this pattern.
    async ({}, use) => {
      const repo = await createTestRepo();
      await repo.commit('master', { 'test.sh': 'exit 0\n' });
      await repo.git('push', '--quiet', 'origin', 'master');
      const branch = async (name: string) => {
        await repo.git('checkout', '--quiet', '-b', name, 'master');
        await repo.commit(`work on ${name}`, { [`${name.replace(/[^a-z0-9]/gi, '-')}.txt`]: name });
        await repo.git('push', '--quiet', 'origin', name);
      };
      await branch(BEHIND);
      await repo.git('checkout', '--quiet', 'master');
      await repo.commit('master moves on', { 'later.txt': 'later' });
      await repo.git('push', '--quiet', 'origin', 'master');
      for (const name of [LONG, RTL, ZERO_WIDTH, ...ORDINARY]) await branch(name);
      await repo.git('checkout', '--quiet', '-b', 'feat/sneaky-author', 'master');
      await repo.git('-c', `user.name=${SNEAKY_AUTHOR}`, 'commit', '--quiet', '--allow-empty', '-m', 'sneaky');
      await repo.git('push', '--quiet', 'origin', 'feat/sneaky-author');
      await writeWorkspaceFile(repo.root, { repoPath: './clone', ci: { provider: 'local' }, localTests: { command: 'sh test.sh' } });
      await use(repo);
      await repo.cleanup();
    },
    { scope: 'worker' },
  ],
  deskWorkspace: async ({ layoutRepo }, use) => {
    await use(layoutRepo.root);
  },
  // eslint-disable-next-line no-empty-pattern -- Playwright reads fixture needs from this pattern.
  deskEnv: async ({}, use) => {
    await use({ [ENDPOINT_ENV_VARS.github]: 'http://127.0.0.1:9', [ENDPOINT_ENV_VARS.circleci]: 'http://127.0.0.1:9', [ENDPOINT_ENV_VARS.slack]: 'http://127.0.0.1:9/api/' });
  },
});

test.setTimeout(60_000);

const SIZES = [
  { width: 1024, height: 700 },
  { width: 1440, height: 900 },
] as const;

const table = (page: Page) => page.getByRole('table', { name: 'Branches' });
const rowOf = (page: Page, shown: string) => table(page).getByRole('row').filter({ has: page.getByRole('button', { name: shown, exact: true }) });

async function box(locator: Locator) {
  const found = await locator.boundingBox();
  if (found === null) throw new Error('not rendered');
  return found;
}

async function shoot(page: Page, name: string) {
  await page.screenshot({ path: path.join('test-results', 'board-layout', `${name}.png`), fullPage: false });
}

for (const size of SIZES) {
  test(`at ${size.width}×${size.height} the board and the detail do not overlap and rows stay one name high`, async ({ deskPage }) => {
    await deskPage.setViewportSize(size);
    // Measured once the local CI has reported (its "CI running" badge is gone): the board at rest.
    await expect(rowOf(deskPage, 'feature/ordinary-1').getByRole('listitem')).toHaveText(['Local tests not run', 'No sign-off'], { timeout: 30_000 });
    await shoot(deskPage, `board-${size.width}`);

    // One 200-character name does not make every row tall.
    const ordinary = await box(rowOf(deskPage, 'feature/ordinary-1'));
    expect(ordinary.height).toBeLessThan(60);
    const longRow = table(deskPage).getByRole('row').filter({ hasText: 'very-long-branch-name' });
    expect((await box(longRow)).height).toBeLessThan(80);
    // It is shortened, and says its whole name in a tooltip (and to assistive technology).
    await expect(longRow.getByRole('button', { name: LONG, exact: true })).toBeVisible();
    await expect(longRow.locator(`[title="${LONG}"]`)).toHaveCount(1);
    // The Branch column is as wide as the board allows it, whatever the longest name.
    expect((await box(table(deskPage).getByRole('columnheader', { name: 'Branch' }))).width).toBeLessThan((await box(table(deskPage))).width * 0.5);

    await rowOf(deskPage, BEHIND).getByRole('button', { name: BEHIND, exact: true }).click();
    const detail = deskPage.getByRole('region', { name: BEHIND });
    await expect(detail).toBeVisible();
    await shoot(deskPage, `detail-${size.width}`);
    const detailBox = await box(detail);
    for (const cell of await table(deskPage).locator('th, td').all()) {
      if (!(await cell.isVisible())) continue;
      const cellBox = await box(cell);
      expect(cellBox.x + cellBox.width, `a table cell reaches into the detail`).toBeLessThanOrEqual(detailBox.x + 1);
    }
    // The name wraps at its slash, never inside a word: no part between slashes spans two lines.
    const nameButton = rowOf(deskPage, BEHIND).getByRole('button', { name: BEHIND, exact: true });
    const partLines = await nameButton.evaluate((element) =>
      [...element.querySelectorAll('.name-segment')].map((part) => {
        const range = document.createRange();
        range.selectNodeContents(part);
        return new Set([...range.getClientRects()].map((rect) => Math.round(rect.top))).size;
      }),
    );
    expect(partLines).toEqual(['feature/', 'behind-master'].map(() => 1));
  });
}

test('names that hide characters are spelled out on the board and in the detail, with a warning', async ({ deskPage }) => {
  await deskPage.setViewportSize({ width: 1440, height: 900 });
  const rtl = rowOf(deskPage, 'feat/rtl-\\u202Egnp.exe');
  await expect(rtl).toBeVisible({ timeout: 30_000 });
  await expect(rtl.getByRole('list', { name: 'Warnings' })).toHaveText(`⚠ Branch ${INVISIBLE_WARNING}`);
  await expect(rowOf(deskPage, 'feat/zero\\u200Bwidth').getByRole('list', { name: 'Warnings' })).toHaveText(`⚠ Branch ${INVISIBLE_WARNING}`);
  // Nothing on the board hides a character any more.
  const boardText = await table(deskPage).innerText();
  expect(boardText).not.toMatch(/[\u202A-\u202E\u2066-\u2069\u200B-\u200F]/);
  const sneaky = rowOf(deskPage, 'feat/sneaky-author');
  await expect(sneaky).toContainText('Mallory\\u2066 Admin');
  await expect(sneaky.getByRole('list', { name: 'Warnings' })).toHaveText(`⚠ Author ${INVISIBLE_WARNING}`);
  // The ordinary rows carry no warning.
  await expect(rowOf(deskPage, 'feature/ordinary-1').getByRole('list', { name: 'Warnings' })).toHaveCount(0);
  await shoot(deskPage, 'hidden-characters-board');

  await rtl.getByRole('button', { name: 'feat/rtl-\\u202Egnp.exe', exact: true }).click();
  const detail = deskPage.getByRole('region', { name: 'feat/rtl-\\u202Egnp.exe' });
  await expect(detail.getByRole('heading', { level: 2 })).toHaveText('feat/rtl-\\u202Egnp.exe');
  await expect(detail.getByRole('list', { name: 'Warnings' })).toHaveText(`⚠ Branch ${INVISIBLE_WARNING}`);
  expect(await detail.innerText()).not.toMatch(/[\u202A-\u202E\u2066-\u2069\u200B-\u200F]/);
  await shoot(deskPage, 'hidden-characters-detail');
});

test('the keyboard: a skip link to the board, Enter opens a branch into its detail, Escape goes back', async ({ deskPage }) => {
  await expect(rowOf(deskPage, 'feature/ordinary-1')).toBeVisible({ timeout: 30_000 });
  await deskPage.keyboard.press('Tab');
  const skip = deskPage.getByRole('link', { name: 'Skip to the board' });
  await expect(skip).toBeFocused();
  await deskPage.keyboard.press('Enter');
  await expect(deskPage.locator('#board')).toBeFocused();

  const branch = rowOf(deskPage, 'feature/ordinary-1').getByRole('button', { name: 'feature/ordinary-1', exact: true });
  await branch.focus();
  await deskPage.keyboard.press('Enter');
  const detail = deskPage.getByRole('region', { name: 'feature/ordinary-1' });
  await expect(detail.getByRole('heading', { level: 2 })).toBeFocused();
  // Tab continues inside the detail.
  await deskPage.keyboard.press('Tab');
  await expect(detail.getByRole('button', { name: 'Close branch details' })).toBeFocused();

  await deskPage.keyboard.press('Escape');
  await expect(detail).toHaveCount(0);
  await expect(branch).toBeFocused();
});
