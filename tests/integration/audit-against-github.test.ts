/**
 * `release-desk audit verify --against-github` and `--against-slack`: a real journal whose
 * events were told to the team through the real outbox (teamMessagesFor → createTeamUpdates →
 * the fake GitHub and the fake Slack on 127.0.0.1, whose answers follow the published API
 * shapes), so the heads in the Deployment statuses and in the release threads' last messages
 * are the ones the app publishes. Then the journal is truncated, or rewritten and re-chained
 * (which the chain alone cannot see), and the command must say so.
 */
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../../electron/cli/cli';
import { readSlackPublishedHeads } from '../../electron/services/audit/slack-published-heads';
import { sha256Hex } from '../../electron/services/audit/verify-journal-file';
import { journalFileFor, openReleaseJournal } from '../../electron/services/journal/release-journal';
import { teamUpdatesOverOutbox } from '../../electron/services/releases/outbox-team-updates';
import { teamMessagesFor } from '../../electron/services/releases/team-messages';
import { userDataDir } from '../../electron/services/settings/settings-location';
import { workspaceDataDir } from '../../electron/services/workspace/workspace-data';
import { canonicalEncoding } from '../../shared/releases/canonical-encoding';
import { createTestRepo, type TestRepo } from '../fixtures/git-repo';
import { releaseStory } from '../fixtures/release-events';
import { CHANNEL, GITHUB_TOKEN, SLACK_TOKEN, startOutboxWorld, type OutboxWorld } from './outbox-world';
import { writeStoryWorkspaceFile } from '../fixtures/story-workspace';

let repo: TestRepo;
let world: OutboxWorld;
let configDir: string;
let file: string;
let intact: string;

beforeAll(async () => {
  repo = await createTestRepo();
  world = await startOutboxWorld();
  configDir = await mkdtemp(path.join(os.tmpdir(), 'audit-against-github-'));
  await writeStoryWorkspaceFile(repo.root, { repoPath: './clone', github: 'welkin/web', slackChannel: CHANNEL });
  file = journalFileFor(workspaceDataDir(userDataDir({ RELEASE_DESK_CONFIG_DIR: configDir }), repo.root));
  // Two releases: one goes live and is merged, the next is aborted after Stage 1.
  const story = releaseStory().plan().stage1().signOffAll().preflight().switchover().verdict('healthy').merge();
  story.releaseId = `r${story.events.length + 1}`;
  story.plan({ branch: 'feature/y' }).stage1().abort();
  const journal = openReleaseJournal({ file });
  const outbox = teamUpdatesOverOutbox(world.open(), (message, error) => console.error(message, error));
  for (const draft of story.drafts) {
    const appended = await journal.append(() => draft);
    if (appended.kind !== 'appended') throw new Error(appended.reason);
    for (const message of teamMessagesFor(appended.event, null, { slackChannel: CHANNEL, productionUrl: null })) await outbox.enqueue(message);
  }
  expect(await outbox.settle(30_000)).toBe(true);
  await outbox.stop();
  intact = await readFile(file, 'utf8');
}, 60_000);

afterAll(async () => {
  await world.close();
  await repo.cleanup();
  await rm(configDir, { recursive: true, force: true });
});

async function cli(args: string[], env: Record<string, string> = { GITHUB_TOKEN }) {
  let stdout = '';
  let stderr = '';
  const code = await runCli(
    ['--workspace', repo.root, ...args],
    {
      stdout: (text) => (stdout += text),
      stderr: (text) => (stderr += text),
      env: { PATH: process.env.PATH, HOME: process.env.HOME, RELEASE_DESK_CONFIG_DIR: configDir, RELEASE_DESK_GITHUB_API_URL: world.github.url, RELEASE_DESK_SLACK_API_URL: world.slack.apiUrl, ...env },
      cwd: repo.root,
    },
    'test',
  );
  return { code, stdout, stderr };
}

interface Report {
  ok: boolean;
  problems: { kind: string; seq: number | null; line: number }[];
  published: { repository: string; deployments: number; heads: { seq: number; hash: string; verdict: string; releaseId: string; deploymentId: number }[] };
}
const lines = () => intact.split('\n').slice(0, -1);
const parse = (line: string) => JSON.parse(line) as Record<string, unknown> & { seq: number; hash: string };

describe('audit verify --against-github', () => {
  it('the published heads are in the Deployment statuses, within 140 characters, and every one matches the journal: exit 0', async () => {
    const statuses = world.github.deployments.all.flatMap((deployment) => deployment.statuses);
    expect(statuses.length).toBeGreaterThanOrEqual(6);
    for (const status of statuses) {
      expect(status.description).toMatch(/ · journal \d+:[0-9a-f]{12}$/);
      expect([...status.description].length).toBeLessThanOrEqual(140);
    }
    await writeFile(file, intact);
    const result = await cli(['--json', 'audit', 'verify', '--against-github']);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    const report = JSON.parse(result.stdout) as Report;
    expect(report.published).toMatchObject({ repository: 'welkin/web', deployments: 2 });
    expect(report.published.heads).toHaveLength(statuses.length);
    expect(new Set(report.published.heads.map((head) => head.verdict))).toEqual(new Set(['matching']));
    expect(new Set(report.published.heads.map((head) => head.releaseId))).toEqual(new Set(['r1', `r${lines().findIndex((line) => line.includes('"feature/y"')) + 1}`]));
    // Each published head is the seq and hash of a real entry.
    for (const head of report.published.heads) expect(parse(lines()[head.seq - 1] ?? '').hash.startsWith(head.hash)).toBe(true);
    const text = await cli(['audit', 'verify', '--against-github']);
    expect(text.code).toBe(0);
    expect(text.stdout).toContain(`published heads: ${statuses.length} on GitHub welkin/web`);
    expect(text.stdout).toContain(`${statuses.length} matching, 0 truncated, 0 replaced`);
  });

  it('a truncated journal (the last published head is beyond its end): exit 1, named as truncated', async () => {
    const newest = Math.max(...(JSON.parse((await cli(['--json', 'audit', 'verify', '--against-github'])).stdout) as Report).published.heads.map((head) => head.seq));
    const cut = lines().slice(0, newest - 2);
    await writeFile(file, `${cut.join('\n')}\n`);
    // The chain alone cannot tell.
    expect((await cli(['audit', 'verify'])).code).toBe(0);
    const result = await cli(['--json', 'audit', 'verify', '--against-github']);
    expect(result.code).toBe(1);
    const report = JSON.parse(result.stdout) as Report;
    expect(report.ok).toBe(false);
    expect(report.published.heads.filter((head) => head.verdict === 'truncated').map((head) => head.seq)).toContain(newest);
    expect(report.published.heads.every((head) => head.verdict === (head.seq > cut.length ? 'truncated' : 'matching'))).toBe(true);
    expect(report.problems[0]).toMatchObject({ kind: 'head-missing', line: cut.length + 1 });
    expect((await cli(['audit', 'verify', '--against-github'])).stderr).toMatch(/NOT intact: first bad entry seq \d+, line \d+: .*truncated/);
  });

  it('a journal rewritten from an entry on and re-chained: exit 1, the heads after the edit are named as replaced', async () => {
    const from = 5;
    const forged = lines().slice(0, from - 1);
    let prev = parse(forged.at(-1) ?? '').hash;
    for (const [index, original] of lines().slice(from - 1).entries()) {
      const { hash: _hash, ...event } = parse(original);
      if (index === 0) event.actor = 'mallory';
      const sealed = { ...event, prev, hash: sha256Hex(canonicalEncoding({ ...event, prev })) };
      prev = sealed.hash;
      forged.push(JSON.stringify(sealed));
    }
    await writeFile(file, `${forged.join('\n')}\n`);
    expect((await cli(['audit', 'verify'])).code).toBe(0);
    const result = await cli(['--json', 'audit', 'verify', '--against-github']);
    expect(result.code).toBe(1);
    const report = JSON.parse(result.stdout) as Report;
    expect(report.published.heads.every((head) => head.verdict === (head.seq >= from ? 'replaced' : 'matching'))).toBe(true);
    expect(report.published.heads.some((head) => head.verdict === 'replaced')).toBe(true);
    expect(report.problems[0]).toMatchObject({ kind: 'head-mismatch' });
    expect(report.problems.every((problem) => problem.kind === 'head-mismatch' && (problem.seq ?? 0) >= from)).toBe(true);
  });

  it('without GITHUB_TOKEN, or with GitHub refusing it: exit 2 saying why', async () => {
    await writeFile(file, intact);
    const none = await cli(['audit', 'verify', '--against-github'], {});
    expect(none.code).toBe(2);
    expect(none.stderr).toContain('--against-github needs GITHUB_TOKEN');
    const refused = await cli(['audit', 'verify', '--against-github'], { GITHUB_TOKEN: 'ghp_notAKnownToken000000000000000000000' });
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain('the heads published on GitHub (welkin/web) could not be read: GitHub rejected the token');
    expect(refused.stderr).not.toContain('ghp_');
  });
});

interface SlackReport {
  ok: boolean;
  problems: { kind: string; seq: number | null; line: number }[];
  publishedOnSlack: { channel: string; threads: number; heads: { seq: number; hash: string; verdict: string; releaseId: string; threadTs: string; ts: string }[] };
}

/** The journal rewritten from entry `from` on (an actor changed there) and re-chained: the chain alone passes it. */
function rechainedFrom(from: number): string {
  const forged = lines().slice(0, from - 1);
  let prev = parse(forged.at(-1) ?? '').hash;
  for (const [index, original] of lines().slice(from - 1).entries()) {
    const { hash: _hash, ...event } = parse(original);
    if (index === 0) event.actor = 'mallory';
    const sealed = { ...event, prev, hash: sha256Hex(canonicalEncoding({ ...event, prev })) };
    prev = sealed.hash;
    forged.push(JSON.stringify(sealed));
  }
  return `${forged.join('\n')}\n`;
}

describe('audit verify --against-slack', () => {
  it('the heads in the release threads\' last messages all match the journal: exit 0', async () => {
    await writeFile(file, intact);
    const withHeads = world.slack.threads.messages.filter((message) => / · journal \d+:[0-9a-f]{12}$/.test(message.text));
    // The merged release's thread and the aborted one's each end with the head.
    expect(withHeads).toHaveLength(2);
    const result = await cli(['--json', 'audit', 'verify', '--against-slack'], { SLACK_TOKEN });
    expect(result).toMatchObject({ code: 0, stderr: '' });
    const report = JSON.parse(result.stdout) as SlackReport;
    expect(report.publishedOnSlack).toMatchObject({ channel: CHANNEL, threads: 2 });
    expect(report.publishedOnSlack.heads.map((head) => head.verdict)).toEqual(['matching', 'matching']);
    expect(new Set(report.publishedOnSlack.heads.map((head) => head.ts))).toEqual(new Set(withHeads.map((message) => message.ts)));
    for (const head of report.publishedOnSlack.heads) expect(parse(lines()[head.seq - 1] ?? '').hash.startsWith(head.hash)).toBe(true);
    const text = await cli(['audit', 'verify', '--against-slack'], { SLACK_TOKEN });
    expect(text.stdout).toContain(`heads published on Slack: 2 on Slack ${CHANNEL} (in 2 release thread(s)): 2 matching, 0 truncated, 0 replaced`);
  });

  it('a truncated journal: the newest Slack head is named as truncated, exit 1', async () => {
    const newest = Math.max(...world.slack.threads.messages.flatMap((message) => [...message.text.matchAll(/journal (\d+):/g)].map((match) => Number(match[1]))));
    await writeFile(file, `${lines().slice(0, newest - 1).join('\n')}\n`);
    expect((await cli(['audit', 'verify'])).code).toBe(0);
    const result = await cli(['--json', 'audit', 'verify', '--against-slack'], { SLACK_TOKEN });
    expect(result.code).toBe(1);
    const report = JSON.parse(result.stdout) as SlackReport;
    expect(report.publishedOnSlack.heads.find((head) => head.seq === newest)?.verdict).toBe('truncated');
    expect(report.problems[0]).toMatchObject({ kind: 'head-missing', seq: newest });
  });

  it('a journal rewritten and re-chained before the first Slack head: both heads named as replaced, exit 1; with --against-github too, every published head is checked', async () => {
    await writeFile(file, rechainedFrom(3));
    expect((await cli(['audit', 'verify'])).code).toBe(0);
    const result = await cli(['--json', 'audit', 'verify', '--against-slack'], { SLACK_TOKEN });
    expect(result.code).toBe(1);
    expect((JSON.parse(result.stdout) as SlackReport).publishedOnSlack.heads.map((head) => head.verdict)).toEqual(['replaced', 'replaced']);
    const both = await cli(['--json', 'audit', 'verify', '--against-github', '--against-slack'], { GITHUB_TOKEN, SLACK_TOKEN });
    expect(both.code).toBe(1);
    const report = JSON.parse(both.stdout) as SlackReport & Report;
    expect(report.published.heads.some((head) => head.verdict === 'replaced')).toBe(true);
    expect(report.publishedOnSlack.heads).toHaveLength(2);
    await writeFile(file, intact);
  });

  it('reads Slack\'s pages: one message a page gives the same heads', async () => {
    const read = await readSlackPublishedHeads({ channel: CHANNEL, apiUrl: world.slack.apiUrl, token: SLACK_TOKEN, pageSize: 1 });
    const whole = await readSlackPublishedHeads({ channel: CHANNEL, apiUrl: world.slack.apiUrl, token: SLACK_TOKEN });
    if (read.kind !== 'read' || whole.kind !== 'read') throw new Error(JSON.stringify({ read, whole }));
    expect(read.heads).toEqual(whole.heads);
    const threads = new Set(world.slack.threads.messages.filter((message) => message.threadTs === null).map((message) => message.ts));
    // One page per parent (and one saying there is no more), then one per message of each thread.
    const threadMessages = world.slack.threads.messages.filter((message) => message.threadTs !== null && threads.has(message.threadTs)).length + threads.size;
    expect(read.requests).toBe(threads.size + threadMessages);
    expect(whole.requests).toBe(1 + threads.size);
  });

  it('without SLACK_TOKEN or slack.channel, or with Slack refusing the token: exit 2 saying why, never the token', async () => {
    const none = await cli(['audit', 'verify', '--against-slack'], {});
    expect(none.code).toBe(2);
    expect(none.stderr).toContain('--against-slack needs SLACK_TOKEN');
    const refused = await cli(['audit', 'verify', '--against-slack'], { SLACK_TOKEN: 'xoxb-not-a-known-token-0000' });
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain(`the heads published on Slack (${CHANNEL}) could not be read: Slack rejected the token (invalid_auth)`);
    expect(refused.stderr).not.toContain('xoxb-');
  });
});
