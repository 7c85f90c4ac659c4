/**
 * States an e2e test waits for, instead of a time: on a loaded 2-core machine the demo's
 * seeded test runs and the local CI take 2-5x longer than on a laptop, so a test waits
 * until the board says they are done.
 */
import { expect, type Page } from '@playwright/test';

/** The longest a board may take to settle on a loaded machine (a ceiling, not a wait). */
export const SETTLE_MS = 60_000;

/**
 * The board is shown and every CI result is in: no row still says "CI running" or that CI
 * or the records are being read. The seeded records are read before the first board, so a
 * settled board includes them.
 */
export async function boardSettled(page: Page): Promise<void> {
  const table = page.getByRole('table', { name: 'Branches' });
  await expect(table).toBeVisible({ timeout: SETTLE_MS });
  await expect(table.getByRole('listitem').filter({ hasText: /^CI running|reading…$/ })).toHaveCount(0, { timeout: SETTLE_MS });
}
