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
import type { Page } from '@playwright/test';
import { demoPaths, startDemo, stopDemo } from '../../electron/services/demo';
import { expect, test as base } from './harness';

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

interface Layout {
  readonly pageWidth: number;
  readonly windowWidth: number;
  readonly navMainOverlap: number;
  /** Visible controls and headings whose box leaves the window sideways, by their text. */
  readonly outside: readonly string[];
  /** Text cut off by its box (overflow hidden) with no tooltip carrying the whole of it. */
  readonly clipped: readonly string[];
}

/** Measured in the page: element boxes against the window and against each other. */
function measure(page: Page): Promise<Layout> {
  return page.evaluate(() => {
    const box = (selector: string) => document.querySelector(selector)?.getBoundingClientRect() ?? null;
    const nav = box('nav');
    const main = box('main');
    const overlapX = nav !== null && main !== null ? Math.max(0, Math.min(nav.right, main.right) - Math.max(nav.left, main.left)) : 0;
    const overlapY = nav !== null && main !== null ? Math.max(0, Math.min(nav.bottom, main.bottom) - Math.max(nav.top, main.top)) : 0;
    const outside: string[] = [];
    for (const element of document.querySelectorAll('button, a, input, select, textarea, h1, h2, h3, th')) {
      const rect = element.getBoundingClientRect();
      if (rect.width === 0 || rect.height === 0) continue;
      // Inside a box that scrolls sideways on purpose (a wide table's wrapper) it may extend past the window.
      let scroller = element.parentElement;
      while (scroller !== null && !/(auto|scroll)/.test(getComputedStyle(scroller).overflowX)) scroller = scroller.parentElement;
      if (scroller !== null) continue;
      if (rect.left < -1 || rect.right > window.innerWidth + 1) outside.push(`${element.tagName.toLowerCase()} "${(element.textContent ?? '').trim().slice(0, 60)}" at ${Math.round(rect.left)}–${Math.round(rect.right)}`);
    }
    const clipped: string[] = [];
    for (const element of document.querySelectorAll('main *, nav *, header *')) {
      if (!(element instanceof HTMLElement) || element.offsetWidth === 0) continue;
      const style = getComputedStyle(element);
      if (style.overflowX !== 'hidden' && style.overflowX !== 'clip' && style.textOverflow !== 'ellipsis') continue;
      if (element.scrollWidth <= element.clientWidth + 1) continue;
      if (element.closest('[title]') !== null) continue;
      clipped.push(`${element.tagName.toLowerCase()}.${element.className} "${(element.textContent ?? '').trim().slice(0, 60)}" (${element.scrollWidth} px of text in ${element.clientWidth} px)`);
    }
    return {
      pageWidth: document.documentElement.scrollWidth,
      windowWidth: window.innerWidth,
      navMainOverlap: overlapX * overlapY,
      outside,
      clipped,
    };
  });
}

async function expectFits(page: Page, what: string, size: { readonly width: number }): Promise<void> {
  await page.screenshot({ path: path.join(SCREENS, `${what.toLowerCase().replaceAll(' ', '-')}-${size.width}.png`), fullPage: true });
  const layout = await measure(page);
  expect(layout.pageWidth, `${what} scrolls sideways at ${size.width}px`).toBeLessThanOrEqual(layout.windowWidth);
  expect(layout.navMainOverlap, `${what}: the navigation and the view overlap`).toBe(0);
  expect(layout.outside, `${what}: controls or headings outside the window`).toEqual([]);
  expect(layout.clipped, `${what}: text cut off without a tooltip`).toEqual([]);
}

for (const size of SIZES) {
  test(`every view of the demo fits a ${size.width}×${size.height} window`, async ({ deskPage, problems }) => {
    await deskPage.setViewportSize(size);
    const board = deskPage.getByRole('table', { name: /branches/i }).first();
    await expect(board).toBeVisible({ timeout: 60_000 });
    // The board while CI is still being read (its widest state badge), then read, then with a branch's detail beside it.
    await expectFits(deskPage, 'Branches reading', size);
    await expect(board).not.toContainText(/reading…/i, { timeout: 60_000 });
    await expectFits(deskPage, 'Branches', size);
    await board.getByRole('button', { name: 'feature/conflicting' }).click();
    await expect(deskPage.getByRole('region', { name: 'feature/conflicting' })).toBeVisible();
    await expectFits(deskPage, 'Branches with detail', size);
    for (const view of VIEWS.slice(1)) {
      await deskPage.getByRole('link', { name: view, exact: true }).click();
      await expect(deskPage.getByRole('heading', { level: 1, name: view })).toBeVisible();
      // Each view reads its data after it opens: wait until nothing says it is still loading.
      await expect(deskPage.locator('main')).not.toContainText(/^Loading|Reading the/, { timeout: 30_000 });
      await expectFits(deskPage, view, size);
    }
    expect(problems.pageErrors).toEqual([]);
    expect(problems.cspViolations).toEqual([]);
  });
}
