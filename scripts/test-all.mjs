// `npm test`: every check the project has, in order, each counted, and one closing line
// `N passed, N failed, N skipped` (also written to reports/summary.txt for .ci/run).
// Static checks (lint, typecheck, the Electronegativity gate, the build) count as one test
// each; vitest and Playwright report their own counts through their JSON reporters.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';

const root = path.resolve(import.meta.dirname, '..');
const reports = path.join(root, 'reports');
rmSync(reports, { recursive: true, force: true });
mkdirSync(reports, { recursive: true });

const env = { ...process.env, NO_COLOR: '1', FORCE_COLOR: '0' };
const totals = { passed: 0, failed: 0, skipped: 0 };
const failures = [];

function step(name, command, args, extraEnv = {}) {
  console.log(`\n=== ${name}: ${[command, ...args].join(' ')}`);
  const started = Date.now();
  const result = spawnSync(command, args, { cwd: root, stdio: 'inherit', env: { ...env, ...extraEnv } });
  console.log(`=== ${name}: exit ${result.status ?? result.signal} in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  return result.status === 0;
}

function staticCheck(name, command, args) {
  if (step(name, command, args)) totals.passed += 1;
  else {
    totals.failed += 1;
    failures.push(name);
  }
}

function readJson(file) {
  try {
    return JSON.parse(readFileSync(file, 'utf8'));
  } catch {
    return null;
  }
}

const npx = process.platform === 'win32' ? 'npx.cmd' : 'npx';
const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';

const built = step('build', npm, ['run', 'build']);
if (built) totals.passed += 1;
else {
  totals.failed += 1;
  failures.push('build');
}
staticCheck('lint', npx, ['eslint', '--max-warnings', '0', '.']);
staticCheck('typecheck', npx, ['tsc', '-b']);
staticCheck('security (electronegativity)', process.execPath, ['scripts/electronegativity-gate.mjs']);

// Unit and integration tests (vitest).
const vitestReport = path.join(reports, 'vitest.json');
const vitestOk = step('unit + integration (vitest)', npx, [
  'vitest', 'run', '--reporter=default', '--reporter=json', `--outputFile.json=${vitestReport}`,
]);
const vitest = readJson(vitestReport);
if (vitest === null) {
  totals.failed += 1;
  failures.push('vitest (no report: it did not run)');
} else {
  totals.passed += vitest.numPassedTests;
  totals.failed += vitest.numFailedTests;
  totals.skipped += vitest.numPendingTests + vitest.numTodoTests;
  if (!vitestOk && vitest.numFailedTests === 0) {
    totals.failed += 1;
    failures.push('vitest (exited non-zero: an unhandled error, or a suite that failed to load)');
  } else if (vitest.numFailedTests > 0) failures.push('vitest');
}

// End-to-end tests in Chromium (Playwright), only on a successful build.
const playwrightReport = path.join(reports, 'playwright.json');
if (built) {
  const playwrightOk = step('e2e (playwright)', npx, ['playwright', 'test', '--reporter=list,json'], {
    PLAYWRIGHT_JSON_OUTPUT_NAME: playwrightReport,
  });
  const playwright = readJson(playwrightReport);
  if (playwright === null) {
    totals.failed += 1;
    failures.push('playwright (no report: it did not run)');
  } else {
    const stats = playwright.stats;
    totals.passed += stats.expected + stats.flaky;
    totals.failed += stats.unexpected;
    totals.skipped += stats.skipped;
    const errors = (playwright.errors ?? []).length;
    if (errors > 0 || (!playwrightOk && stats.unexpected === 0)) {
      totals.failed += Math.max(errors, 1);
      failures.push('playwright (errors outside tests)');
    } else if (stats.unexpected > 0) failures.push('playwright');
  }
} else {
  totals.failed += 1;
  failures.push('playwright (not run: the build failed)');
}

const summary = `${totals.passed} passed, ${totals.failed} failed, ${totals.skipped} skipped`;
writeFileSync(path.join(reports, 'summary.txt'), `${summary}\n`);
if (failures.length > 0) console.log(`\nFailed: ${failures.join('; ')}`);
console.log(`\n${summary}`);
process.exitCode = totals.failed > 0 ? 1 : 0;
if (!existsSync(reports)) process.exitCode = 1;
