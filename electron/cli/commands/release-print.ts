/** How `release-desk release …` prints a release: a few lines for people, the ReleaseView as JSON for scripts. */
import { shortSha } from '../../../shared/text/short-sha';
import type { ReleaseView } from '../../../shared/releases/release-ipc';
import type { ProductionCheck } from '../../services/releases/production-check';

const short = (sha: string | undefined) => (sha === undefined ? '—' : shortSha(sha));

export function describeRelease(view: ReleaseView): string {
  const { state } = view;
  const lines = [
    `Release ${state.id}: ${state.branch} at ${short(state.sha)} to ${state.environment} — ${state.phase}`,
    `  coordinator ${state.coordinator}, on call ${state.onCall}, engineers ${state.engineers.join(', ')}`,
    `  planned by ${state.plannedBy} at ${moment(state.plannedAt)}`,
  ];
  if (state.previewUrl !== undefined) lines.push(`  preview ${state.previewUrl}`);
  if (state.previousSha !== undefined) lines.push(`  previous version (rollback target) ${state.previousSha}`);
  for (const step of state.steps) {
    if (step.status === 'not-started') continue;
    const took = step.durationMs === undefined ? '' : ` in ${Math.round(step.durationMs / 100) / 10} s`;
    const by = step.startedBy === undefined ? '' : ` by ${step.startedBy}`;
    const when = step.startedAt === undefined ? '' : ` at ${moment(step.startedAt)}`;
    lines.push(`  ${step.step.padEnd(10)} ${step.status}${took}${by}${when}${step.message === undefined ? '' : `: ${step.message}`}`);
  }
  if (state.signOffs.length > 0) lines.push(`  signed off: ${state.signOffs.map((signOff) => `${signOff.engineer} at ${moment(signOff.at)}`).join(', ')}`);
  if (state.pendingSignOffs.length > 0) lines.push(`  sign-off owed by: ${state.pendingSignOffs.join(', ')}`);
  for (const override of state.overrides) lines.push(`  override by ${override.by} (${override.action}): ${override.reason}`);
  if (state.verdict !== undefined) lines.push(`  verdict: ${state.verdict.verdict} (${state.verdict.by} at ${moment(state.verdict.at)})`);
  if (state.merge !== undefined) lines.push(`  merged as ${short(state.merge.mergeCommit)} (${state.merge.method}) at ${moment(state.merge.at)}`);
  if (state.phase === 'done') lines.push(`  done: ${formatTook(Date.parse(state.updatedAt) - Date.parse(state.plannedAt))} from planning to merge`);
  if (state.releaseNotes !== undefined) {
    lines.push(`  release notes (${short(state.previousSha)}..${short(state.sha)}, ${state.releaseNotes.length} commit${state.releaseNotes.length === 1 ? '' : 's'}):`);
    for (const note of state.releaseNotes) {
      const pullRequest = note.pullRequest === undefined ? '' : `, #${note.pullRequest.number} ${note.pullRequest.title}`;
      lines.push(`    ${short(note.sha)} ${note.subject} (${note.author}${pullRequest})`);
    }
  }
  if (state.abort !== undefined) lines.push(`  aborted by ${state.abort.by}: ${state.abort.reason}`);
  if (state.phase === 'inconclusive') {
    lines.push(`  INCONCLUSIVE: ${state.inconclusiveStep ?? 'a step'} started and has no recorded outcome; run \`release check-production\`, then \`release resolve --succeeded|--failed\``);
  }
  if (view.blocker !== null) lines.push(`  blocked: ${view.blocker}`);
  if (view.next !== null) lines.push(`  next: ${view.next.label}`);
  for (const update of view.pendingUpdates) lines.push(`  pending ${update.channel}: ${update.description} (${update.status})`);
  lines.push(`  you: ${view.viewer.id ?? 'unknown'}${view.viewer.roles.length === 0 ? '' : ` (${view.viewer.roles.join(', ')})`}`);
  return `${lines.join('\n')}\n`;
}

/** The journal's UTC time, to the second: "2026-11-29 14:02:07Z". */
function moment(iso: string): string {
  return `${iso.slice(0, 10)} ${iso.slice(11, 19)}Z`;
}

function formatTook(ms: number): string {
  if (!Number.isFinite(ms) || ms < 0) return 'an unknown time';
  const seconds = Math.round(ms / 1000);
  if (seconds < 60) return `${seconds} s`;
  const minutes = Math.floor(seconds / 60);
  return minutes < 60 ? `${minutes} min ${String(seconds % 60).padStart(2, '0')} s` : `${Math.floor(minutes / 60)} h ${String(minutes % 60).padStart(2, '0')} min`;
}

export function describeProduction(check: ProductionCheck): string {
  const lines = [`production runs ${check.version ?? `an unknown version (${check.versionProblem ?? 'no answer'})`} — ${check.healthy ? 'healthy' : 'NOT HEALTHY'}`];
  for (const probe of check.probes) lines.push(`  ${probe}`);
  return `${lines.join('\n')}\n`;
}
