/**
 * `release-desk audit metrics`, in-process on a real workspace whose journal was written through
 * openReleaseJournal: the figures in text and --json, --since, --until and --env, and clear usage errors.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../../electron/cli/cli';
import { journalFileFor, openReleaseJournal } from '../../electron/services/journal/release-journal';
import { userDataDir } from '../../electron/services/settings/settings-location';
import { workspaceDataDir } from '../../electron/services/workspace/workspace-data';
import { createTestRepo, type TestRepo } from '../fixtures/git-repo';
import { releaseStory } from '../fixtures/release-events';
import { writeStoryWorkspaceFile } from '../fixtures/story-workspace';

let repo: TestRepo;
let configDir: string;

const commits = (committedAt: string) => ({ commits: [{ sha: 'a'.repeat(40), subject: 'the change', author: 'erin', committedAt }] });

beforeAll(async () => {
  repo = await createTestRepo();
  configDir = await mkdtemp(path.join(os.tmpdir(), 'cli-audit-metrics-'));
  await writeStoryWorkspaceFile(repo.root, { repoPath: './clone', moreEnvironments: ['staging'] });
  // r1 live Mon 2 Nov 12:01 after a first commit at 10:01 (lead 2 h), healthy and merged;
  // r2 live Wed 4 Nov 12:01, rolled back healthy at 12:32 (restore 31 min).
  const story = releaseStory({ start: '2026-11-02T09:00:00.000Z' });
  story.plan().stage1().signOffAll().preflight().at('2026-11-02T12:00:00.000Z').switchover().verdict('healthy').add('release-notes', commits('2026-11-02T10:01:00.000Z')).merge();
  story.at('2026-11-04T09:00:00.000Z').plan({ branch: 'feature/y' }).stage1().signOffAll().preflight().at('2026-11-04T12:00:00.000Z').switchover().at('2026-11-04T12:30:00.000Z').rollback();
  const journal = openReleaseJournal({ file: journalFileFor(workspaceDataDir(userDataDir({ RELEASE_DESK_CONFIG_DIR: configDir }), repo.root)) });
  for (const draft of story.drafts) await journal.append(() => draft);
});

afterAll(async () => {
  await repo.cleanup();
  await rm(configDir, { recursive: true, force: true });
});

async function cli(args: string[], config = configDir) {
  let stdout = '';
  let stderr = '';
  const code = await runCli(
    ['--workspace', repo.root, ...args],
    { stdout: (text) => (stdout += text), stderr: (text) => (stderr += text), env: { PATH: process.env.PATH, HOME: process.env.HOME, RELEASE_DESK_CONFIG_DIR: config }, cwd: repo.root },
    'test',
  );
  return { code, stdout, stderr };
}

describe('release-desk audit metrics', () => {
  it('--json: the figures, the period and the counts', async () => {
    const result = await cli(['--json', 'audit', 'metrics', '--since', '2026-11-02']);
    expect(result).toMatchObject({ code: 0, stderr: '' });
    const metrics = JSON.parse(result.stdout) as Record<string, unknown>;
    expect(metrics).toMatchObject({
      environment: null,
      period: { from: '2026-11-02T00:00:00.000Z' },
      counts: { planned: 2, live: 2, neverLive: 0, failed: 1, unattributedRollbacks: 0 },
      leadTime: { count: 1, medianMs: 2 * 3_600_000, p90Ms: 2 * 3_600_000, withoutCommitTimes: 1 },
      changeFailureRate: { failed: 1, live: 2, rate: 0.5 },
      timeToRestore: { count: 1, medianMs: 31 * 60_000, p90Ms: 31 * 60_000, notRestored: 0 },
    });
    expect(String(metrics.file)).toMatch(/releases\.jsonl$/);
  });

  it('text: one line per metric', async () => {
    const result = await cli(['audit', 'metrics', '--since', '2026-11-02', '--env', 'production']);
    expect(result.code).toBe(0);
    const lines = result.stdout.trimEnd().split('\n');
    expect(lines[0]).toMatch(/^Delivery metrics, production, 2026-11-02 to \d{4}-\d{2}-\d{2} \(\d+\.\d days\)$/);
    expect(lines.slice(1)).toEqual([
      '  releases: 2 planned, 2 live, 0 never live',
      expect.stringMatching(/^ {2}deployment frequency: \d+\.\d+ a week \(\d+\.\d+ a day\)$/),
      '  change lead time: median 2 h 0 min, p90 2 h 0 min (1 release; 1 without commit times)',
      '  change failure rate: 50% (1 of 2 live)',
      '  time to restore: median 31 min, p90 31 min (1 restored)',
    ]);
  });

  it('--env narrows to one environment; --since after every release leaves nothing live', async () => {
    expect(JSON.parse((await cli(['--json', 'audit', 'metrics', '--env', 'staging'])).stdout)).toMatchObject({ environment: 'staging', counts: { planned: 0, live: 0 } });
    const later = JSON.parse((await cli(['--json', 'audit', 'metrics', '--since', '2026-11-05T00:00:00Z'])).stdout) as { counts: { live: number }; changeFailureRate: { rate: unknown } };
    expect(later.counts.live).toBe(0);
    expect(later.changeFailureRate.rate).toBeNull();
  });

  it('--until ends the period: a day means through that day; a time, that instant; a future one, now', async () => {
    // Through Tue 3 Nov: r1 only (r2 went live on the 4th).
    const week = await cli(['audit', 'metrics', '--since', '2026-11-02', '--until', '2026-11-03']);
    expect(week.code).toBe(0);
    expect(week.stdout.split('\n')[0]).toBe('Delivery metrics, every environment, 2026-11-02 to 2026-11-03 (2.0 days)');
    expect(week.stdout).toContain('releases: 1 planned, 1 live, 0 never live');
    const json = JSON.parse((await cli(['--json', 'audit', 'metrics', '--since', '2026-11-02', '--until', '2026-11-03'])).stdout) as { period: unknown; counts: unknown };
    expect(json.period).toEqual({ from: '2026-11-02T00:00:00.000Z', until: '2026-11-04T00:00:00.000Z', days: 2 });
    expect(json.counts).toMatchObject({ planned: 1, live: 1 });
    // r2 goes live at 12:01 on the 4th: a minute before, it is planned but not live in the period (it went live later, so not "never live").
    const instant = JSON.parse((await cli(['--json', 'audit', 'metrics', '--until', '2026-11-04T12:00:00Z'])).stdout) as { period: { until: string }; counts: unknown };
    expect(instant.period.until).toBe('2026-11-04T12:00:00.000Z');
    expect(instant.counts).toMatchObject({ planned: 2, live: 1, neverLive: 0 });
    const future = JSON.parse((await cli(['--json', 'audit', 'metrics', '--until', '2099-01-01'])).stdout) as { period: { until: string } };
    expect(Date.parse(future.period.until)).toBeLessThanOrEqual(Date.now());
  });

  it('a bad --until, or one before --since: exit 2 naming the value', async () => {
    const bad = await cli(['audit', 'metrics', '--until', '2026-11-31']);
    expect(bad).toMatchObject({ code: 2, stdout: '' });
    expect(bad.stderr).toContain('--until "2026-11-31" is not a date: give a day as YYYY-MM-DD (UTC) or a time as 2026-11-01T09:00:00Z');
    const reversed = await cli(['audit', 'metrics', '--since', '2026-11-05', '--until', '2026-11-02']);
    expect(reversed).toMatchObject({ code: 2, stdout: '' });
    expect(reversed.stderr).toContain('--until "2026-11-02" (2026-11-03T00:00:00.000Z) is before --since "2026-11-05" (2026-11-05T00:00:00.000Z): the period would be empty');
  });

  it('a workspace without a journal yet: exit 0 and no figures', async () => {
    const empty = await mkdtemp(path.join(os.tmpdir(), 'cli-audit-metrics-empty-'));
    try {
      const result = await cli(['--json', 'audit', 'metrics'], empty);
      expect(result.code).toBe(0);
      expect(JSON.parse(result.stdout)).toMatchObject({ counts: { planned: 0, live: 0 }, changeFailureRate: { rate: null } });
    } finally {
      await rm(empty, { recursive: true, force: true });
    }
  });

  it('a bad DATE or an unknown environment: exit 2 saying what was wrong', async () => {
    const date = await cli(['audit', 'metrics', '--since', '2026-02-30']);
    expect(date).toMatchObject({ code: 2, stdout: '' });
    expect(date.stderr).toContain('--since "2026-02-30" is not a date: give a day as YYYY-MM-DD (UTC) or a time as 2026-11-01T09:00:00Z');
    const env = await cli(['audit', 'metrics', '--env', 'prod']);
    expect(env.code).toBe(2);
    expect(env.stderr).toContain('--env "prod" is not an environment of');
    expect(env.stderr).toContain('(it has: production, staging)');
  });
});
