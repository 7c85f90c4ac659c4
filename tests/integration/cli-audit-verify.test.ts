/**
 * `release-desk audit verify`, in-process on a real workspace whose journal (in the data
 * folder the release service uses) was written through openReleaseJournal: exit codes, the
 * text and the --json shape, --env, a torn last line.
 */
import { appendFile, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
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
let file: string;
let intact: string;

beforeAll(async () => {
  repo = await createTestRepo();
  configDir = await mkdtemp(path.join(os.tmpdir(), 'cli-audit-verify-'));
  await writeStoryWorkspaceFile(repo.root, { repoPath: './clone', moreEnvironments: ['staging'] });
  file = journalFileFor(workspaceDataDir(userDataDir({ RELEASE_DESK_CONFIG_DIR: configDir }), repo.root));
  const story = releaseStory().plan().stage1().signOffAll();
  story.add('lock-taken', { reason: 'staging is being rebuilt' }, { releaseId: null, environment: 'staging' });
  const journal = openReleaseJournal({ file });
  for (const draft of story.drafts) await journal.append(() => draft);
  intact = await readFile(file, 'utf8');
});

afterAll(async () => {
  await repo.cleanup();
  await rm(configDir, { recursive: true, force: true });
});

async function cli(args: string[]) {
  let stdout = '';
  let stderr = '';
  const code = await runCli(
    ['--workspace', repo.root, ...args],
    { stdout: (text) => (stdout += text), stderr: (text) => (stderr += text), env: { PATH: process.env.PATH, HOME: process.env.HOME, RELEASE_DESK_CONFIG_DIR: configDir }, cwd: repo.root },
    'test',
  );
  return { code, stdout, stderr };
}

const lines = () => intact.split('\n').slice(0, -1);

describe('release-desk audit verify', () => {
  it('an intact journal: exit 0, the file, entries and head', async () => {
    await writeFile(file, intact);
    const result = await cli(['audit', 'verify']);
    expect(result).toMatchObject({ code: 0, stderr: '' });
    expect(result.stdout).toContain(`Journal ${file}`);
    expect(result.stdout).toContain('entries: 6');
    expect(result.stdout).toContain('chain: intact');
  });

  it('--json prints { ok, file, entries, head, problems }', async () => {
    await writeFile(file, intact);
    const result = await cli(['--json', 'audit', 'verify']);
    expect(result.code).toBe(0);
    const report = JSON.parse(result.stdout) as Record<string, unknown>;
    const head = (JSON.parse(lines().at(-1) ?? '') as { hash: string }).hash;
    expect(report).toEqual({ ok: true, file, entries: 6, head, problems: [], quarantineFiles: 0 });
  });

  it('an edited entry: exit 1 naming its seq and line; --json lists the problem', async () => {
    const edited = lines();
    edited[3] = (edited[3] ?? '').replace('"erin"', '"mallory"');
    await writeFile(file, `${edited.join('\n')}\n`);
    const text = await cli(['audit', 'verify']);
    expect(text.code).toBe(1);
    expect(text.stderr).toContain('first bad entry seq 4, line 4');
    expect(text.stdout).toContain('chain: BROKEN');
    const json = await cli(['audit', 'verify', '--json']);
    expect(json.code).toBe(1);
    const report = JSON.parse(json.stdout) as { ok: boolean; problems: { kind: string; line: number; seq: number }[] };
    expect(report.ok).toBe(false);
    expect(report.problems[0]).toMatchObject({ kind: 'hash-mismatch', line: 4, seq: 4 });
  });

  it('--env reports that environment only, but the whole chain decides', async () => {
    const edited = lines();
    edited[3] = (edited[3] ?? '').replace('"erin"', '"mallory"');
    await writeFile(file, `${edited.join('\n')}\n`);
    const staging = JSON.parse((await cli(['--json', 'audit', 'verify', '--env', 'staging'])).stdout) as { ok: boolean; entries: number; problems: unknown[] };
    expect(staging).toMatchObject({ ok: false, entries: 1, problems: [] });
    await writeFile(file, intact);
    const production = await cli(['--json', 'audit', 'verify', '--env', 'production']);
    expect(production.code).toBe(0);
    expect(JSON.parse(production.stdout)).toMatchObject({ ok: true, entries: 5 });
  });

  it('a torn last line: exit 0 with a warning on stderr', async () => {
    await writeFile(file, intact);
    await appendFile(file, '{"seq":7,"at":"2026-11');
    const result = await cli(['audit', 'verify', '--json']);
    expect(result.code).toBe(0);
    expect(result.stderr).toMatch(/^release-desk: warning: line 7 is incomplete/);
    expect(JSON.parse(result.stdout)).toMatchObject({ ok: true, entries: 6, problems: [{ kind: 'torn-last-line', line: 7, tampering: false }] });
  });

  it('an unknown --env is a usage error (exit 2)', async () => {
    const result = await cli(['audit', 'verify', '--env', 'moon']);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('"moon" is not an environment');
  });
});
