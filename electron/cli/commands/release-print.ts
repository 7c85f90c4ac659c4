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
  ];
  if (state.previewUrl !== undefined) lines.push(`  preview ${state.previewUrl}`);
  if (state.previousSha !== undefined) lines.push(`  previous version (rollback target) ${state.previousSha}`);
  for (const step of state.steps) {
    if (step.status === 'not-started') continue;
    const took = step.durationMs === undefined ? '' : ` in ${Math.round(step.durationMs / 100) / 10} s`;
    const by = step.startedBy === undefined ? '' : ` by ${step.startedBy}`;
    lines.push(`  ${step.step.padEnd(10)} ${step.status}${took}${by}${step.message === undefined ? '' : `: ${step.message}`}`);
  }
  if (state.signOffs.length > 0) lines.push(`  signed off: ${state.signOffs.map((signOff) => signOff.engineer).join(', ')}`);
  if (state.pendingSignOffs.length > 0) lines.push(`  sign-off owed by: ${state.pendingSignOffs.join(', ')}`);
  for (const override of state.overrides) lines.push(`  override by ${override.by} (${override.action}): ${override.reason}`);
  if (state.verdict !== undefined) lines.push(`  verdict: ${state.verdict.verdict} (${state.verdict.by})`);
  if (state.merge !== undefined) lines.push(`  merged as ${short(state.merge.mergeCommit)} (${state.merge.method})`);
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

export function describeProduction(check: ProductionCheck): string {
  const lines = [`production runs ${check.version ?? `an unknown version (${check.versionProblem ?? 'no answer'})`} — ${check.healthy ? 'healthy' : 'NOT HEALTHY'}`];
  for (const probe of check.probes) lines.push(`  ${probe}`);
  return `${lines.join('\n')}\n`;
}
