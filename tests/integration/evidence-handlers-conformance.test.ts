/**
 * The app's Export evidence (audit.exportEvidence through the real handlers and dispatch) says
 * whether master was conformant around the release, computed in the main process at export on a
 * real repository (conformance-repo.ts: a direct push and an outside pull request between two
 * released merges) with the fake GitHub on 127.0.0.1. GitHub is asked only about the commits
 * around the release; unreachable (hanging) or not connected, the report says "cannot tell" and
 * the export still returns within its time budget.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dispatch, type Handlers } from '../../electron/ipc/dispatch';
import { createEvidenceHandlers, type EvidenceDeps } from '../../electron/services/audit/evidence-handlers';
import { journalFileFor, openReleaseJournal } from '../../electron/services/journal/release-journal';
import { createWorkspaceSessions } from '../../electron/services/workspace/workspace-session';
import { workspaceDataDir } from '../../electron/services/workspace/workspace-data';
import type { EvidenceExportResult } from '../../shared/audit/evidence-ipc';
import { EvidenceReportSchema, type EvidenceReport } from '../../shared/audit/evidence-model';
import type { Result } from '../../shared/ipc/result';
import { startFakeGitHub, type FakeGitHub } from '../fakes/fake-github';
import { createConformanceRepo, type ConformanceCommit } from '../fixtures/conformance-repo';
import type { TestRepo } from '../fixtures/git-repo';
import { writeStoryWorkspaceFile } from '../fixtures/story-workspace';

const TOKEN = 'ghp_evidenceConformanceToken';
let repo: TestRepo;
let github: FakeGitHub;
let userDataDir: string;
let sha: Readonly<Record<ConformanceCommit, string>>;

beforeAll(async () => {
  github = await startFakeGitHub();
  github.addToken(TOKEN, { login: 'alice', id: 7, name: 'Alice' });
  userDataDir = await mkdtemp(path.join(os.tmpdir(), 'evidence-conformance-'));
  const world = await createConformanceRepo(github);
  ({ repo, sha } = world);
  const journal = openReleaseJournal({ file: journalFileFor(workspaceDataDir(userDataDir, repo.root)) });
  for (const draft of world.story.drafts) await journal.append(() => draft);
  await writeStoryWorkspaceFile(repo.root, { repoPath: './clone', github: 'welkin/web' });
});

afterAll(async () => {
  await Promise.all([repo.cleanup(), github.close(), rm(userDataDir, { recursive: true, force: true })]);
});

async function exported(deps: Partial<EvidenceDeps>, releaseId = 'r14', format: 'json' | 'html' = 'json'): Promise<{ report: EvidenceReport; content: string; ms: number }> {
  const handlers = createEvidenceHandlers(() => repo.root, createWorkspaceSessions(), { userDataDir, githubUrl: () => github.url, githubToken: async (sendTo) => (sendTo === github.url ? TOKEN : null), ...deps });
  const started = performance.now();
  const result = (await dispatch(handlers as Handlers, 'audit.exportEvidence', [releaseId, format], () => undefined, () => [])) as Result<EvidenceExportResult>;
  const ms = performance.now() - started;
  if (!result.ok || result.value.kind !== 'download') throw new Error(`not a download: ${JSON.stringify(result)}`);
  const content = result.value.content;
  const report = format === 'json' ? EvidenceReportSchema.parse(JSON.parse(content)) : (null as unknown as EvidenceReport);
  return { report, content, ms };
}

const short = (name: ConformanceCommit) => sha[name].slice(0, 7);

describe('Export evidence checks master\'s conformance around the release', () => {
  it('with GitHub: not conformant around r14, naming the outside pull request and the direct push; only the commits around it are asked about', async () => {
    const before = github.commitPulls.lookups.length;
    const { report } = await exported({});
    expect(report.conformance).toEqual({
      recorded: true,
      value: {
        ref: 'refs/remotes/origin/master',
        conformant: false,
        sentence: 'refs/remotes/origin/master was not conformant around r14: 2 commits between the releases merged before and after it did not come through a release.',
        exceptions: [
          `${short('outsidePull')} "Merge pull request #500 from welkin/hotfix/x" (t@welkin.example, 2026-11-04): merged through pull request #500 outside Release Desk: https://github.com/welkin/web/pull/500`,
          `${short('direct')} "quick fix straight on master" (t@welkin.example, 2026-11-03): pushed directly (no pull request, no release)`,
        ],
      },
    });
    // The initial commit lies below r1's merge: not r14's business, not asked about.
    expect(github.commitPulls.lookups.slice(before)).toEqual([sha.outsidePull, sha.direct]);
    const { content } = await exported({}, 'r14', 'html');
    expect(content).toContain('was not conformant around r14');
    expect(content).not.toContain('not checked at export');
  });

  it('GitHub hanging: "cannot tell" for those commits, and the export returns within its budget', async () => {
    github.server.faults.hang();
    try {
      const { report, ms } = await exported({ conformanceBudgetMs: 1_500 });
      expect(report.conformance.recorded).toBe(true);
      const value = report.conformance.recorded ? report.conformance.value : null;
      expect(value?.conformant).toBe(false);
      expect(value?.exceptions).toEqual([
        expect.stringMatching(new RegExp(`^${short('outsidePull')} .*: not merged by a release; a pull request outside Release Desk or a direct push cannot be told apart \\(GitHub did not answer within the check's time budget of 1\\.5 s\\)$`)),
        expect.stringMatching(new RegExp(`^${short('direct')} .*: not merged by a release; a pull request outside Release Desk or a direct push cannot be told apart \\(GitHub was not asked: the check's time budget of 1\\.5 s ran out\\)$`)),
      ]);
      // The budget plus the rest of the export, on a loaded machine.
      expect(ms).toBeLessThan(1_500 + 8_000);
    } finally {
      await github.server.faults.recover();
    }
  });

  it('GitHub not connected: "cannot tell", saying why, without asking', async () => {
    const before = github.commitPulls.lookups.length;
    const { report } = await exported({ githubToken: async () => null });
    expect(report.conformance).toMatchObject({ recorded: true, value: { conformant: false } });
    const exceptions = report.conformance.recorded ? report.conformance.value.exceptions : [];
    expect(exceptions).toHaveLength(2);
    for (const line of exceptions) expect(line).toMatch(/: not merged by a release; a pull request outside Release Desk or a direct push cannot be told apart$/);
    // The reason is said once, in the sentence.
    expect(report.conformance.recorded ? report.conformance.value.sentence : '').toContain(' GitHub was not asked (GitHub is not connected (connect it in Settings');
    expect(github.commitPulls.lookups.length).toBe(before);
  });

  it('r1: its neighbours on both sides (up to r14\'s merge above, the initial commit below)', async () => {
    const { report } = await exported({}, 'r1');
    const value = report.conformance.recorded ? report.conformance.value : null;
    expect(value?.exceptions.map((line) => line.slice(0, 7))).toEqual([short('outsidePull'), short('direct'), short('initial')]);
  });
});
