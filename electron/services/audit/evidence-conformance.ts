/**
 * Whether the main branch received only released branches around one release, for its evidence
 * report (shared/audit/conformance.ts `conformanceAround`), checked at export time the way
 * `audit conformance` checks it: a fetch, a first-parent walk, and GitHub asked about the
 * commits between the releases merged before and after it — only those — when it can be asked.
 * Within a time budget when one is given. A check that cannot run is recorded as not checked,
 * and why; a commit GitHub could not be asked about says "cannot tell", never a guess.
 * `audit export --conformance` and the app's `audit.exportEvidence` both use it.
 */
import { conformanceAround, describeException } from '../../../shared/audit/conformance';
import type { EvidenceReport } from '../../../shared/audit/evidence-model';
import type { WorkspaceConfig } from '../../../shared/config/workspace-config';
import type { JournalEvent } from '../../../shared/releases/release-events';
import type { CommitPullsSource } from '../github/commit-pulls';
import { checkMainConformance } from './main-conformance';

export interface EvidenceConformanceInput {
  readonly repository: WorkspaceConfig['repository'];
  readonly events: readonly JournalEvent[];
  readonly releaseId: string;
  /** GitHub's pull-request look-ups, or why GitHub cannot be asked. */
  readonly pulls: () => Promise<CommitPullsSource>;
  /** The whole check's time budget (ms); none by default. */
  readonly budgetMs?: number;
}

export async function conformanceForEvidence(input: EvidenceConformanceInput): Promise<EvidenceReport['conformance']> {
  try {
    const { path: repoPath, remote, mainBranch } = input.repository;
    const pulls = await input.pulls();
    const { report, notes } = await checkMainConformance({
      repoPath,
      remote,
      mainBranch,
      events: input.events,
      since: null,
      pulls,
      around: input.releaseId,
      ...(input.budgetMs === undefined ? {} : { budgetMs: input.budgetMs }),
    });
    const around = conformanceAround(report, input.releaseId);
    if (around.kind === 'not-on-main') return { recorded: false, why: `not checked: ${around.sentence}` };
    // Said once here, as `audit conformance` says it once above its list (each exception then leaves it out).
    const unasked = report.githubUnavailable === null || around.conformant ? '' : ` GitHub was not asked (${report.githubUnavailable}), so a pull request outside Release Desk and a direct push cannot be told apart.`;
    const sentence = `${around.sentence}${notes.length === 0 ? '' : ` (${notes.join('; ')})`}${unasked}`;
    return {
      recorded: true,
      value: { ref: report.ref, conformant: around.conformant, sentence, exceptions: around.exceptions.map((commit) => describeException(commit, report.githubUnavailable)) },
    };
  } catch (error) {
    return { recorded: false, why: `not checked: the conformance check failed (${error instanceof Error ? error.message : String(error)})` };
  }
}
