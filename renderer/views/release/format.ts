/**
 * How the Release and History views write times, durations, SHAs and outcomes for people.
 * Pure, so the unit tests pin every wording the views (and the e2e test) rely on.
 */
import type { Viewer } from '../../../shared/releases/release-ipc';
import type { ReleasePhase } from '../../../shared/releases/release-state';

/**
 * The phases in which a release has ended. The same list as FINAL_PHASES in
 * shared/releases/release-state.ts (a unit test holds them equal), kept here because importing
 * that module pulls zod's schema builders into the page, and zod probes `new Function`, which
 * the window's CSP reports as a violation.
 */
export const ENDED_PHASES: readonly ReleasePhase[] = ['done', 'aborted', 'rolled-back'];

export function hasEnded(phase: ReleasePhase): boolean {
  return ENDED_PHASES.includes(phase);
}

/** The app's one short-SHA length (shared/text/short-sha.ts), re-exported for the release views. */
export { shortSha } from '../../../shared/text/short-sha';

/** "850 ms", "4.2 s", "3 min 05 s", "1 h 02 min". */
export function formatDuration(ms: number): string {
  if (!Number.isFinite(ms) || ms < 0) return '—';
  if (ms < 1000) return `${Math.round(ms)} ms`;
  const seconds = ms / 1000;
  if (seconds < 10) return `${seconds.toFixed(1)} s`;
  const wholeSeconds = Math.round(seconds);
  if (wholeSeconds < 60) return `${wholeSeconds} s`;
  const minutes = Math.floor(wholeSeconds / 60);
  if (minutes < 60) return `${minutes} min ${String(wholeSeconds % 60).padStart(2, '0')} s`;
  return `${Math.floor(minutes / 60)} h ${String(minutes % 60).padStart(2, '0')} min`;
}

/** Milliseconds between two ISO times, or null when either is missing or unreadable. */
export function between(fromIso: string | undefined, toIso: string | undefined): number | null {
  if (fromIso === undefined || toIso === undefined) return null;
  const ms = Date.parse(toIso) - Date.parse(fromIso);
  return Number.isFinite(ms) ? Math.max(0, ms) : null;
}

/**
 * "marked healthy 12 min before the watch ended" for a healthy verdict given early, else null.
 * Rounded down: "12 min" never overstates how early it was; under a minute says so.
 */
export function earlyHealthyText(verdict: { readonly verdict: 'healthy' | 'faulty'; readonly watchRemainingMs?: number } | undefined): string | null {
  if (verdict?.verdict !== 'healthy' || verdict.watchRemainingMs === undefined || verdict.watchRemainingMs <= 0) return null;
  const minutes = Math.floor(verdict.watchRemainingMs / 60_000);
  const early = minutes < 1 ? 'less than a minute' : minutes < 60 ? `${minutes} min` : `${Math.floor(minutes / 60)} h ${String(minutes % 60).padStart(2, '0')} min`;
  return `marked healthy ${early} before the watch ended`;
}

/**
 * A moment as people read it in a log of today's work: the local time, with the date only
 * when it is not the same day as `now`.
 */
export function formatMoment(iso: string, now: Date): string {
  const at = new Date(iso);
  if (Number.isNaN(at.getTime())) return iso;
  const time = at.toLocaleTimeString(undefined, { hour: '2-digit', minute: '2-digit', second: '2-digit', hour12: false });
  const sameDay = at.getFullYear() === now.getFullYear() && at.getMonth() === now.getMonth() && at.getDate() === now.getDate();
  if (sameDay) return time;
  return `${at.toLocaleDateString(undefined, { year: 'numeric', month: 'short', day: 'numeric' })} ${time}`;
}

/** The timestamp in front of each line of a step's output: local HH:MM:SS.mmm. */
export function logTime(iso: string): string {
  const at = new Date(iso);
  if (Number.isNaN(at.getTime())) return '--:--:--.---';
  const pad = (n: number, width = 2) => String(n).padStart(width, '0');
  return `${pad(at.getHours())}:${pad(at.getMinutes())}:${pad(at.getSeconds())}.${pad(at.getMilliseconds(), 3)}`;
}

/** A release's outcome in one or two words, for the History list. */
export function outcomeOf(phase: ReleasePhase): string {
  switch (phase) {
    case 'done':
      return 'Released';
    case 'aborted':
      return 'Aborted';
    case 'rolled-back':
      return 'Rolled back';
    case 'faulty':
      return 'Faulty, not rolled back';
    case 'inconclusive':
      return 'Inconclusive';
    default:
      return `In progress (${phaseText(phase)})`;
  }
}

/** Where a release stands, in words. */
export function phaseText(phase: ReleasePhase): string {
  const words: Readonly<Record<ReleasePhase, string>> = {
    planned: 'planned',
    staging: 'Stage 1 running',
    'stage1-failed': 'Stage 1 failed',
    exercising: 'exercising the preview',
    preflighting: 'preflight running',
    'preflight-failed': 'preflight failed',
    'ready-for-switchover': 'ready for Stage 2',
    switching: 'switching production over',
    'switchover-failed': 'switchover failed',
    watching: 'watching production',
    faulty: 'marked faulty',
    merging: 'merging',
    'merge-failed': 'merge failed',
    done: 'done',
    aborted: 'aborted',
    'rolling-back': 'rolling back',
    'rolled-back': 'rolled back',
    inconclusive: 'inconclusive',
  };
  return words[phase];
}

/** A rule's sentence as the views print it: ending with a full stop. */
export function asSentence(text: string): string {
  const trimmed = text.trim();
  return /[.!?…]$/.test(trimmed) ? trimmed : `${trimmed}.`;
}

/** "alice, bob and carol" */
export function listOfPeople(people: readonly string[]): string {
  if (people.length === 0) return 'nobody';
  if (people.length === 1) return people[0] ?? '';
  return `${people.slice(0, -1).join(', ')} and ${people.at(-1) ?? ''}`;
}

/** Who the rules take the user for, and why: "You are carol@… (from git config): coordinator, on-call." */
export function describeViewer(viewer: Viewer): string {
  if (viewer.id === null) return 'Release Desk cannot tell who you are: connect GitHub or set git config user.email in the workspace clone.';
  const source = viewer.source === 'github' ? 'your GitHub login' : viewer.source === 'git-config' ? "the clone's git user.email" : 'unknown';
  const roles = viewer.roles.length === 0 ? 'no role in release-desk.yml' : viewer.roles.join(', ');
  return `You are ${viewer.id} (${source}): ${roles}.`;
}
