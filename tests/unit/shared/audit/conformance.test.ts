/**
 * Classifying main-branch commits, and whether the main branch was conformant around one
 * release (what the evidence report says).
 */
import { describe, expect, it } from 'vitest';
import { classifyCommit, conformanceAround, conformanceReport, releasedMerges, type MainCommit, type PullAnswer } from '../../../../shared/audit/conformance';
import { releaseStory } from '../../../fixtures/release-events';

const commit = (name: string): MainCommit => ({ sha: name.padEnd(40, '0'), subject: name, author: 'erin', committedAt: '2026-11-02T10:00:00.000Z' });
const merged = (number: number, mergeCommitSha: string | null) => ({ number, url: `https://github.com/welkin/web/pull/${number}`, title: `#${number}`, mergedAt: mergeCommitSha === null ? null : '2026-11-02T10:00:00Z', mergeCommitSha });

/** Releases r1 and r? merged as commits a and c (the merge step's facts alone count too). */
function journal() {
  const story = releaseStory().plan({ branch: 'feature/a' }).add('merged', { method: 'git', mergeCommit: commit('a').sha });
  story.plan({ branch: 'feature/c' }).startStep('merge').finishStep('merge', 'succeeded', { mergeCommit: commit('c').sha, mergeMethod: 'git' });
  return { events: story.events, second: story.releaseId };
}

describe('releasedMerges and classifyCommit', () => {
  it('a release\'s merge commit, from the merged event or the merge step\'s facts', () => {
    const { events, second } = journal();
    const merges = releasedMerges(events);
    expect(classifyCommit(commit('a'), merges, undefined)).toEqual({ kind: 'released', releaseId: 'r1', environment: 'production', branch: 'feature/a' });
    expect(classifyCommit(commit('c'), merges, undefined)).toEqual({ kind: 'released', releaseId: second, environment: 'production', branch: 'feature/c' });
  });

  it('prefers the pull request whose merge wrote the commit; an unmerged one leaves it a direct push', () => {
    const merges = releasedMerges([]);
    const answer: PullAnswer = { kind: 'pulls', pulls: [merged(7, 'f'.repeat(40)), merged(8, commit('b').sha)] };
    expect(classifyCommit(commit('b'), merges, answer)).toMatchObject({ kind: 'pull-request', number: 8 });
    expect(classifyCommit(commit('b'), merges, { kind: 'pulls', pulls: [merged(9, null)] })).toEqual({ kind: 'direct', note: 'pull request #9 carries it but was not merged' });
    expect(classifyCommit(commit('b'), merges, { kind: 'pulls', pulls: [] })).toEqual({ kind: 'direct', note: null });
    expect(classifyCommit(commit('b'), merges, { kind: 'unknown', reason: 'GitHub is unavailable (HTTP 502).' })).toEqual({ kind: 'unknown', reason: 'GitHub is unavailable (HTTP 502).' });
  });
});

describe('conformanceAround', () => {
  const { events, second } = journal();
  // Newest first: e (direct), c (second release), b (direct), a (r1), z (direct, before a).
  const commits = ['e', 'c', 'b', 'a', 'z'].map(commit);
  const answers = new Map(commits.map((c) => [c.sha, { kind: 'pulls', pulls: [] } as PullAnswer]));
  const report = conformanceReport({ ref: 'refs/remotes/origin/master', since: null, commits, merges: releasedMerges(events), answers, githubUnavailable: null });

  it('names the commits between the releases merged before and after it', () => {
    const around = conformanceAround(report, 'r1');
    expect(around).toMatchObject({ kind: 'checked', conformant: false });
    if (around.kind === 'checked') expect(around.exceptions.map((c) => c.subject)).toEqual(['b', 'z']);
    const later = conformanceAround(report, second);
    if (later.kind === 'checked') expect(later.exceptions.map((c) => c.subject)).toEqual(['e', 'b']);
  });

  it('conformant when only releases surround it', () => {
    const clean = conformanceReport({ ref: 'refs/remotes/origin/master', since: null, commits: ['c', 'a'].map(commit), merges: releasedMerges(events), answers: new Map(), githubUnavailable: null });
    expect(clean.conformant).toBe(true);
    expect(conformanceAround(clean, 'r1')).toMatchObject({ kind: 'checked', conformant: true, exceptions: [] });
  });

  it('a release whose merge is not in the walked history says so', () => {
    expect(conformanceAround(report, 'r99')).toEqual({ kind: 'not-on-main', sentence: 'The merge of r99 is not in the walked history of refs/remotes/origin/master.' });
  });

  it('without GitHub every exception is unknown, with the reason', () => {
    const blind = conformanceReport({ ref: 'r', since: null, commits, merges: releasedMerges(events), answers: new Map(), githubUnavailable: 'GitHub is not connected' });
    expect(blind.counts).toEqual({ released: 2, pullRequest: 0, direct: 0, unknown: 3 });
    expect(blind.commits[0]?.verdict).toEqual({ kind: 'unknown', reason: 'GitHub is not connected' });
  });
});
