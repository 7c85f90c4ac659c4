/**
 * `audit export --conformance`: the main branch's conformance around the release
 * (electron/services/audit/evidence-conformance.ts), with GitHub reached as the command line
 * reaches it (GITHUB_TOKEN, RELEASE_DESK_GITHUB_API_URL). Opt-in here: it needs git and the
 * network, and the evidence otherwise comes from the journal alone.
 */
import type { EvidenceReport } from '../../../shared/audit/evidence-model';
import type { WorkspaceConfig } from '../../../shared/config/workspace-config';
import { conformanceForEvidence as checkAround } from '../../services/audit/evidence-conformance';
import { endpointsFromEnv } from '../../services/connections/endpoints';
import { createCommitPullsSource } from '../../services/github/commit-pulls';
import { openReleaseJournal } from '../../services/journal/release-journal';
import { createEnvTokenSource } from '../../services/vault/token-source';

export async function conformanceForEvidence(config: WorkspaceConfig, journalFile: string, releaseId: string, env: NodeJS.ProcessEnv): Promise<EvidenceReport['conformance']> {
  const { events } = await openReleaseJournal({ file: journalFile }).read();
  const tokens = createEnvTokenSource(env);
  const baseUrl = endpointsFromEnv(env).github;
  return checkAround({
    repository: config.repository,
    events,
    releaseId,
    pulls: () => createCommitPullsSource({ repository: config.repository.github, baseUrl, token: () => tokens.getToken('github', baseUrl) }),
  });
}
