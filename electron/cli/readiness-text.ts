/**
 * `release-desk readiness` as text: the board one line per branch, fitted to the terminal,
 * a branch's verdict with its blockers, CircleCI's failed jobs and tests, and what each
 * source could not say. Names, authors, titles and test output are untrusted: they are
 * printed through revealInvisible, so a name cannot hide characters or reverse itself on
 * screen, and a row whose name needed that carries INVISIBLE_WARNING. (--json is raw.)
 */
import type { CircleCiDetails } from '../../shared/ci/circleci-details';
import type { BoardRow, BoardSnapshot, SourceStatus } from '../../shared/readiness/board-schema';
import { INVISIBLE_WARNING, revealInvisible } from '../../shared/text/reveal-invisible';
import { shortSha } from '../../shared/text/short-sha';
import { flakyReason } from '../../shared/readiness/run-history';

/** Columns when the output is not a terminal and COLUMNS is not set. */
export const DEFAULT_COLUMNS = 100;
const STATE_WIDTH = 8;
const MIN_NAME_WIDTH = 12;

/** `text` cut to `width` characters, the cut marked with an ellipsis. */
export function fit(text: string, width: number): string {
  const characters = [...text];
  if (characters.length <= width) return text;
  return width <= 1 ? '…'.slice(0, width) : `${characters.slice(0, width - 1).join('')}…`;
}

const shown = (raw: string) => revealInvisible(raw).text;

/** One line per branch: STATE  BRANCH  reason, no line longer than `columns`. */
export function boardLines(board: BoardSnapshot, columns: number): string[] {
  const rows = board.branches.map((row) => {
    const name = revealInvisible(row.name);
    const lying = name.suspicious || revealInvisible(row.author.name).suspicious || revealInvisible(row.pullRequest?.title ?? '').suspicious;
    return { state: row.readiness.state, name: name.text, reason: `${lying ? `${INVISIBLE_WARNING}; ` : ''}${shown(row.summary)}` };
  });
  const longest = Math.max(6, ...rows.map((row) => [...row.name].length));
  // The name gets what it needs up to 40% of the line; the reason gets the rest, at least 20.
  const nameWidth = Math.max(MIN_NAME_WIDTH, Math.min(longest, Math.floor(columns * 0.4)));
  const reasonWidth = Math.max(20, columns - STATE_WIDTH - 1 - nameWidth - 2);
  return rows.map((row) => {
    const name = fit(row.name, nameWidth);
    return `${row.state.padEnd(STATE_WIDTH)} ${name}${' '.repeat(Math.max(0, nameWidth - [...name].length))}  ${fit(row.reason, reasonWidth)}`.trimEnd();
  });
}

/** The verdict of one branch, its blockers and what could not be checked. */
export function branchLines(row: BoardRow): string[] {
  const name = revealInvisible(row.name);
  const author = revealInvisible(`${row.author.name} <${row.author.email}>`);
  const title = row.pullRequest === null ? null : revealInvisible(row.pullRequest.title);
  const eligible = row.readiness.state === 'eligible';
  const lines = [`${name.text} at ${shortSha(row.headSha)}: ${eligible ? 'eligible for release' : row.readiness.state}`];
  if (name.suspicious || author.suspicious || title?.suspicious === true) lines.push(`  ! ${INVISIBLE_WARNING}`);
  if (row.readiness.state === 'blocked') {
    for (const blocker of row.readiness.blockers) lines.push(`  - ${shown(blocker.reason)}${blocker.link === undefined ? '' : ` (${blocker.link})`}`);
  }
  if (row.readiness.state !== 'eligible') for (const unknown of row.readiness.unknowns) lines.push(`  ? ${shown(unknown.reason)}`);
  const blocking = row.readiness.state === 'blocked' && row.readiness.blockers.some((blocker) => blocker.kind === 'flaky');
  if (!blocking) for (const flaky of row.flaky ?? []) lines.push(`  ~ ${shown(flakyReason(flaky))}`);
  if (author.suspicious) lines.push(`  author: ${author.text}`);
  if (title !== null && title.suspicious) lines.push(`  pull request #${row.pullRequest?.number ?? ''}: ${title.text}`);
  return lines;
}

/** CircleCI's failed workflows, their failed jobs and failing tests, as the app's detail shows them. */
export function circleciLines(details: CircleCiDetails): string[] {
  if (details.kind === 'no-pipeline') return [`  CircleCI: ${shown(details.reason)}`];
  if (details.kind === 'failed') return [`  CircleCI details unavailable: ${shown(details.reason)}`];
  const lines = [`  CircleCI pipeline ${details.pipeline.number}${details.onHead ? '' : ' (on an older push)'}: ${details.pipeline.url}`];
  for (const workflow of details.workflows) {
    if (workflow.failedJobs.length === 0) continue;
    lines.push(`    workflow ${shown(workflow.name)}: ${workflow.status} (${workflow.url})`);
    for (const job of workflow.failedJobs) {
      lines.push(`      job ${shown(job.name)}: ${job.status}${job.url === null ? '' : ` (${job.url})`}`);
      for (const test of job.failedTests) {
        const where = test.file === null ? '' : ` [${shown(test.file)}]`;
        const message = test.message === '' ? '' : `: ${fit(shown(test.message.split('\n')[0] ?? ''), 160)}`;
        lines.push(`        ✗ ${shown(test.classname === '' ? test.name : `${test.classname} ${test.name}`)}${where}${message}`);
      }
      if (job.moreFailedTests > 0) lines.push(`        … and ${job.moreFailedTests}${job.testsTruncated ? '+' : ''} more failing tests`);
      if (job.testsError !== null) lines.push(`        (test results unavailable: ${shown(job.testsError)})`);
    }
  }
  return lines;
}

/**
 * What each source could not say, for stderr. "stale" only when there is last good data to
 * show; a one-shot command usually has none, so the source is "unavailable".
 */
export function sourceProblemLines(sources: Readonly<Record<string, SourceStatus>>): string[] {
  return Object.entries(sources).flatMap(([source, status]) => {
    if (status.state !== 'stale') return [];
    // The branches shown are the clone's own, as of its last successful fetch.
    if (source === 'git') return [`release-desk: ${shown(status.reason)}; branches are as of the clone's last successful fetch`];
    const condition = status.lastGoodAt === null ? 'unavailable' : `stale (last read ${status.lastGoodAt})`;
    return [`release-desk: ${source} data is ${condition}: ${shown(status.reason)}`];
  });
}

/** True when every source was read (or is not configured): the board form's exit 0. */
export function everySourceRead(sources: Readonly<Record<string, SourceStatus>>): boolean {
  return Object.values(sources).every((status) => status.state !== 'stale');
}
