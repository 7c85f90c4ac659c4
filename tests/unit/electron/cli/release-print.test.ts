/**
 * `release show` on a done release is its summary (issue 8, step 8): who did what, when, how
 * long each step took, the verdict and the merge, and the release notes.
 */
import { describe, expect, it } from 'vitest';
import { describeRelease } from '../../../../electron/cli/commands/release-print';
import { RELEASE_STAGES } from '../../../fixtures/release-views';

describe('describeRelease on a done release', () => {
  const text = describeRelease(RELEASE_STAGES.done());

  it('says who planned it and when, and each step with its duration, actor and start', () => {
    expect(text).toContain('  planned by carol@welkin.example at 2026-11-29 10:00:00Z\n');
    expect(text).toMatch(/^ {2}stage1 {5}succeeded in 4\.2 s by carol@welkin\.example at 2026-11-29 10:00:05Z/m);
    expect(text).toMatch(/^ {2}merge {6}succeeded in 1\.3 s by carol@welkin\.example at 2026-11-29 10:03:20Z/m);
    expect(text).toContain('  signed off: dave@welkin.example at 2026-11-29 10:00:30Z, carol@welkin.example at 2026-11-29 10:00:40Z\n');
  });

  it('gives the verdict, the merge and the whole release\'s time, then the release notes', () => {
    expect(text).toContain('  verdict: healthy (carol@welkin.example at 2026-11-29 10:03:10Z)\n');
    expect(text).toContain('  merged as c0ffee0 (git) at 2026-11-29 10:03:22Z\n');
    expect(text).toContain('  done: 3 min 23 s from planning to merge\n');
    expect(text).toContain('  release notes (9e8d7c6..3f1c2ab, 1 commit):\n    3f1c2ab Book appointments (Dave)\n');
  });

  it('names a pull request beside a commit when GitHub gave one', () => {
    const done = RELEASE_STAGES.done();
    const withPr = { ...done, state: { ...done.state, releaseNotes: [{ sha: done.state.sha, subject: 'Book appointments', author: 'Dave', pullRequest: { number: 12, title: 'Appointments' } }] } };
    expect(describeRelease(withPr)).toContain('    3f1c2ab Book appointments (Dave, #12 Appointments)\n');
  });
});
