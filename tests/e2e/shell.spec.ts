import { expect, test } from './harness';

const VIEWS = ['Branches', 'Release', 'Monitor', 'History', 'Settings'] as const;

test('the app shell loads with no console errors and no CSP violations', async ({ deskPage, problems }) => {
  await expect(deskPage.getByRole('heading', { level: 1, name: 'Branches' })).toBeVisible();
  await expect(deskPage.getByRole('heading', { name: 'No workspace open' })).toBeVisible();
  await expect(deskPage.getByText('release-desk demo', { exact: false })).toBeVisible();
  await deskPage.getByRole('link', { name: 'Settings' }).click();
  await expect(deskPage.getByText('the browser bridge (development)')).toBeVisible();
  expect(problems.consoleErrors).toEqual([]);
  expect(problems.pageErrors).toEqual([]);
  expect(problems.cspViolations).toEqual([]);
});

test('every view is reachable from the navigation and says what to do next', async ({ deskPage }) => {
  for (const view of VIEWS) {
    await deskPage.getByRole('link', { name: view }).click();
    await expect(deskPage.getByRole('heading', { level: 1, name: view })).toBeVisible();
    await expect(deskPage.getByRole('link', { name: view })).toHaveAttribute('aria-current', 'page');
    await expect(deskPage.locator('main')).not.toContainText(/lorem|ipsum|TODO/i);
  }
});

test('the navigation is keyboard reachable', async ({ deskPage }) => {
  await deskPage.keyboard.press('Tab');
  // On the Branches view the first stop is the skip link (tests/e2e/board-layout.spec.ts).
  await expect(deskPage.getByRole('link', { name: 'Skip to the board' })).toBeFocused();
  await deskPage.keyboard.press('Tab');
  await expect(deskPage.getByRole('link', { name: 'Branches' })).toBeFocused();
  await deskPage.keyboard.press('Tab');
  await deskPage.keyboard.press('Tab');
  await expect(deskPage.getByRole('link', { name: 'Monitor' })).toBeFocused();
  await deskPage.keyboard.press('Enter');
  await expect(deskPage.getByRole('heading', { level: 1, name: 'Monitor' })).toBeVisible();
});

const HOSTILE = '/tmp/<script>window.__pwned=1</script><img src=x onerror="window.__pwned=2">';

test.describe('untrusted text', () => {
  test.use({ deskDeps: { workspacePath: () => HOSTILE } });

  test('markup in a rendered string is shown as text and never runs', async ({ deskPage, problems }) => {
    await deskPage.getByRole('link', { name: 'Settings' }).click();
    const problemsList = deskPage.getByRole('list', { name: 'Workspace problems' });
    await expect(problemsList).toContainText('<script>window.__pwned=1</script>');
    await expect(problemsList).toContainText('<img src=x onerror="window.__pwned=2">');
    expect(await deskPage.evaluate(() => (window as unknown as { __pwned?: number }).__pwned)).toBeUndefined();
    await expect(deskPage.locator('main img')).toHaveCount(0);
    await expect(deskPage.locator('main script')).toHaveCount(0);
    expect(problems.pageErrors).toEqual([]);
    expect(problems.cspViolations).toEqual([]);
  });
});

test('follows the OS colour scheme', async ({ deskPage }) => {
  const background = () => deskPage.evaluate(() => getComputedStyle(document.body).backgroundColor);
  await deskPage.emulateMedia({ colorScheme: 'light' });
  const light = await background();
  await deskPage.emulateMedia({ colorScheme: 'dark' });
  const dark = await background();
  expect(light).toBe('rgb(255, 255, 255)');
  expect(dark).toBe('rgb(22, 24, 29)');
});
