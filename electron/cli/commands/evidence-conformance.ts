/**
 * `audit export --conformance`: whether the main branch received only released branches around
 * the release (shared/audit/conformance.ts `conformanceAround`), checked at export time the way
 * `audit conformance` checks it — a fetch, a first-parent walk, GitHub asked about the commits
 * no release merged (when connected). Opt-in: it needs git and the network, and the evidence
 * otherwise comes from the journal alone. A check that cannot run is recorded as not checked, why.
 */
import { conformanceAround, describeException } from '../../../shared/audit/conformance';
import type { EvidenceReport } from '../../../shared/audit/evidence-model';
import type { WorkspaceConfig } from '../../../shared/config/workspace-config';
import { checkMainConformance } from '../../services/audit/main-conformance';
import { endpointsFromEnv } from '../../services/connections/endpoints';
import { createCommitPullsSource } from '../../services/github/commit-pulls';
import { openReleaseJournal } from '../../services/journal/release-journal';
import { createEnvTokenSource } from '../../services/vault/token-source';

export async function conformanceForEvidence(config: WorkspaceConfig, journalFile: string, releaseId: string, env: NodeJS.ProcessEnv): Promise<EvidenceReport['conformance']> {
  try {
    const { events } = await openReleaseJournal({ file: journalFile }).read();
    const tokens = createEnvTokenSource(env);
    const baseUrl = endpointsFromEnv(env).github;
    const pulls = await createCommitPullsSource({ repository: config.repository.github, baseUrl, token: () => tokens.getToken('github', baseUrl) });
    const { path: repoPath, remote, mainBranch } = config.repository;
    const { report } = await checkMainConformance({ repoPath, remote, mainBranch, events, since: null, pulls });
    const around = conformanceAround(report, releaseId);
    if (around.kind === 'not-on-main') return { recorded: false, why: `not checked: ${around.sentence}` };
    return {
      recorded: true,
      value: { ref: report.ref, conformant: around.conformant, sentence: around.sentence, exceptions: around.exceptions.map((commit) => describeException(commit, report.githubUnavailable)) },
    };
  } catch (error) {
    return { recorded: false, why: `not checked: the conformance check failed (${error instanceof Error ? error.message : String(error)})` };
  }
}
