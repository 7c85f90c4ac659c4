import { describe, expect, it } from 'vitest';
import type { ReleasePhase } from '../../../../../shared/releases/release-state';
import { FINAL_PHASES, RELEASE_PHASES } from '../../../../../shared/releases/release-state';

// The renderer is its own TypeScript project: loaded by a path tsc does not follow; vitest compiles it.
const formatModule = '../../../../../renderer/views/release/format';
const format = (await import(/* @vite-ignore */ formatModule)) as {
  shortSha: (sha: string) => string;
  formatDuration: (ms: number) => string;
  between: (from: string | undefined, to: string | undefined) => number | null;
  outcomeOf: (phase: ReleasePhase) => string;
  phaseText: (phase: ReleasePhase) => string;
  listOfPeople: (people: readonly string[]) => string;
  asSentence: (text: string) => string;
  describeViewer: (viewer: { id: string | null; source: 'github' | 'git-config' | 'unknown'; roles: string[] }) => string;
  ENDED_PHASES: readonly ReleasePhase[];
  logTime: (iso: string) => string;
};

describe('release formatting', () => {
  it('shortens a SHA to 7 characters, like git and the rest of the app', () => {
    expect(format.shortSha('3f1c2ab9d0e4f5a6b7c8d9e0f1a2b3c4d5e6f7a8')).toBe('3f1c2ab');
  });

  it.each([
    [0, '0 ms'],
    [850, '850 ms'],
    [4200, '4.2 s'],
    [12_400, '12 s'],
    [185_000, '3 min 05 s'],
    [3_720_000, '1 h 02 min'],
    [-1, '—'],
    [Number.NaN, '—'],
  ])('writes %d ms as %s', (ms, text) => {
    expect(format.formatDuration(ms)).toBe(text);
  });

  it('measures between two times, and gives null when one is missing', () => {
    expect(format.between('2026-11-29T10:00:00.000Z', '2026-11-29T10:00:04.200Z')).toBe(4200);
    expect(format.between(undefined, '2026-11-29T10:00:04.200Z')).toBeNull();
    expect(format.between('2026-11-29T10:00:00.000Z', 'not a time')).toBeNull();
  });

  it('names every phase and every outcome in words', () => {
    for (const phase of RELEASE_PHASES) {
      expect(format.phaseText(phase)).toMatch(/^[a-zA-Z1-2 ]+$/);
      expect(format.outcomeOf(phase).length).toBeGreaterThan(3);
    }
    expect(format.outcomeOf('done')).toBe('Released');
    expect(format.outcomeOf('aborted')).toBe('Aborted');
    expect(format.outcomeOf('rolled-back')).toBe('Rolled back');
    expect(format.outcomeOf('exercising')).toBe('In progress (exercising the preview)');
  });

  it('knows the same ended phases as the shared state machine', () => {
    expect(format.ENDED_PHASES).toEqual(FINAL_PHASES);
  });

  it('ends a rule sentence with a full stop, once', () => {
    expect(format.asSentence('Only the on-call (bob) may switch production to 3f1c2ab: carol is not on call')).toBe(
      'Only the on-call (bob) may switch production to 3f1c2ab: carol is not on call.',
    );
    expect(format.asSentence('Stage 1 is running. ')).toBe('Stage 1 is running.');
  });

  it('says who the rules take the user for', () => {
    expect(format.describeViewer({ id: 'carol@welkin.example', source: 'git-config', roles: ['coordinator', 'on-call'] })).toBe(
      "You are carol@welkin.example (the clone's git user.email): coordinator, on-call.",
    );
    expect(format.describeViewer({ id: 'octocat', source: 'github', roles: [] })).toBe('You are octocat (your GitHub login): no role in release-desk.yml.');
    expect(format.describeViewer({ id: null, source: 'unknown', roles: [] })).toMatch(/^Release Desk cannot tell who you are/);
  });

  it('lists people as a sentence', () => {
    expect(format.listOfPeople([])).toBe('nobody');
    expect(format.listOfPeople(['carol'])).toBe('carol');
    expect(format.listOfPeople(['alice', 'bob', 'carol'])).toBe('alice, bob and carol');
  });

  it('stamps log lines with local time to the millisecond', () => {
    const iso = new Date(2026, 10, 29, 9, 5, 7, 42).toISOString();
    expect(format.logTime(iso)).toBe('09:05:07.042');
    expect(format.logTime('garbage')).toBe('--:--:--.---');
  });
});
