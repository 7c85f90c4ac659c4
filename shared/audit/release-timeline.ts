/**
 * A release's journal events in words, for the History view's read-only timeline (and any
 * report that wants the same sentences): each event's type as a title and its data as short
 * lines. Overrides carry their refusal and reason apart, so the view can make them stand out.
 * Text from the journal (commit subjects, notes, reasons) is passed through as text: the view
 * renders it as text, never as HTML.
 */
import type { JournalEvent, StepName } from '../releases/release-events';
import { shortSha } from '../text/short-sha';

export interface TimelineEntry {
  readonly seq: number;
  readonly at: string;
  readonly actor: string;
  readonly type: JournalEvent['type'];
  readonly title: string;
  readonly details: readonly string[];
  readonly override: { readonly action: string; readonly refusal: string; readonly reason: string } | null;
}

/** Release notes list at most this many commits in the timeline (the evidence report has them all). */
const NOTES_SHOWN = 20;

export const STEP_WORDS: Readonly<Record<StepName, string>> = {
  stage1: 'Stage 1',
  preflight: 'Preflight',
  switchover: 'Switchover (Stage 2)',
  'current-version': 'Version check',
  merge: 'Merge',
  teardown: 'Teardown',
  rollback: 'Rollback',
};

const OUTCOME_WORDS = { succeeded: 'succeeded', failed: 'failed', 'timed-out': 'timed out', cancelled: 'was cancelled', 'failed-to-start': 'failed to start' } as const;

/** The events of one release, oldest first, in words. */
export function releaseTimeline(events: readonly JournalEvent[], releaseId: string): readonly TimelineEntry[] {
  return events.filter((event) => event.releaseId === releaseId).map(describeEvent);
}

export function describeEvent(event: JournalEvent): TimelineEntry {
  const base = { seq: event.seq, at: event.at, actor: event.actor, type: event.type, override: null };
  const entry = (title: string, details: readonly (string | null)[]): TimelineEntry => ({ ...base, title, details: details.filter((line): line is string => line !== null) });
  switch (event.type) {
    case 'planned': {
      const { data } = event;
      return entry(`Planned ${data.branch}`, [
        `${shortSha(data.sha)} onto ${data.mainBranch}, in ${event.environment}`,
        `coordinator ${data.coordinator}; on call ${data.onCall}; engineers ${data.engineers.join(', ')}`,
        data.pullRequest === undefined ? null : `pull request #${data.pullRequest.number}: ${data.pullRequest.title}`,
      ]);
    }
    case 'engineers-changed':
      return entry('Engineers changed', [`engineers now ${event.data.engineers.join(', ')}`]);
    case 'step-started':
      return entry(`${STEP_WORDS[event.data.step]} started${attempt(event.data.attempt)}`, [`command: ${event.data.command}`]);
    case 'step-finished': {
      const { data } = event;
      const { facts } = data;
      return entry(`${STEP_WORDS[data.step]} ${OUTCOME_WORDS[data.outcome]}${attempt(data.attempt)}`, [
        data.message,
        `${data.exitCode === null ? 'no exit code' : `exit code ${data.exitCode}`}, took ${seconds(data.durationMs)}`,
        facts.previewUrl === undefined ? null : `preview at ${facts.previewUrl}${facts.previewAnswered === false ? ' (did not answer)' : ''}`,
        facts.previousSha === undefined ? null : `production ran ${shortSha(facts.previousSha)} before`,
        facts.productionVersion === undefined ? null : `production reports ${facts.productionVersion === null ? 'no version' : shortSha(facts.productionVersion)}`,
        facts.healthy === undefined ? null : facts.healthy ? 'every probe healthy' : 'not every probe healthy',
        facts.mergeCommit === undefined ? null : `merge commit ${shortSha(facts.mergeCommit)}`,
        ...(facts.probes ?? []),
      ]);
    }
    case 'signed-off':
      return entry(`Preview signed off by ${event.data.engineer}`, [event.data.note === undefined ? null : `note: ${event.data.note}`]);
    case 'override':
      return { ...entry(`Override: ${event.data.action}`, [`refused: ${event.data.refusal}`, `reason: ${event.data.reason}`]), override: { ...event.data } };
    case 'inconclusive-resolved': {
      const { data } = event;
      return entry(`${STEP_WORDS[data.step]} resolved as ${data.resolution}${attempt(data.attempt)}`, [
        `production runs ${data.observedVersion === null ? 'an unknown version' : shortSha(data.observedVersion)}`,
        data.note === undefined ? null : `note: ${data.note}`,
      ]);
    }
    case 'verdict':
      return entry(`Marked ${event.data.verdict}`, [event.data.note === undefined ? null : `note: ${event.data.note}`]);
    case 'watch-summary':
      return entry(
        'Watch summary',
        event.data.probes.map((probe) => {
          const uptime = probe.uptime === null ? 'no samples' : `${(probe.uptime * 100).toFixed(1)}% up`;
          const latency = probe.latencyP50Ms === null || probe.latencyP95Ms === null ? '' : `, p50 ${Math.round(probe.latencyP50Ms)} ms, p95 ${Math.round(probe.latencyP95Ms)} ms`;
          return `${probe.probe}: ${probe.samples} samples, ${uptime}${latency}, ${probe.alerts} alert${probe.alerts === 1 ? '' : 's'}`;
        }),
      );
    case 'merged':
      return entry('Merged into the main branch', [
        `merge commit ${shortSha(event.data.mergeCommit)}, ${event.data.method === 'git' ? 'by git merge' : `through pull request #${event.data.pullRequest ?? '?'}`}`,
      ]);
    case 'release-notes': {
      const { commits } = event.data;
      const shown = commits.slice(0, NOTES_SHOWN).map((commit) => `${shortSha(commit.sha)} ${commit.subject} (${commit.author})`);
      return entry(`Release notes: ${commits.length} commit${commits.length === 1 ? '' : 's'}`, [...shown, commits.length > NOTES_SHOWN ? `and ${commits.length - NOTES_SHOWN} more` : null]);
    }
    case 'aborted':
      return entry('Aborted', [`reason: ${event.data.reason}`]);
    case 'rolled-back':
      return entry(`Rolled back${event.data.fromSha === null ? '' : ` from ${shortSha(event.data.fromSha)}`} to ${shortSha(event.data.toSha)}`, [
        event.data.healthy ? 'production healthy afterwards' : 'production NOT healthy afterwards',
        event.data.message,
      ]);
    case 'lock-taken':
      return entry(`${event.environment} locked`, [`reason: ${event.data.reason}`]);
    case 'lock-released':
      return entry(`${event.environment} unlocked`, [`reason: ${event.data.reason}`]);
    case 'audit-acknowledged':
      return entry('Journal problem acknowledged', [`reason: ${event.data.reason}`]);
  }
}

function attempt(n: number): string {
  return n > 1 ? ` (attempt ${n})` : '';
}

function seconds(ms: number): string {
  return ms < 1000 ? `${ms} ms` : `${(ms / 1000).toFixed(1)} s`;
}
