/**
 * The rollback ledger against the full folds, property-style: random journals (seeded, so a
 * failure names its seed) mixing whole release stories across two environments with the odd
 * events the services never write (a release id planned twice, events before or without their
 * `planned`, outcomes of steps never started). For every cut point the ledger of the events
 * before it, saved as the CLI's snapshot saves it and continued with the events after it,
 * equals the ledger of the whole journal, and its facts equal the straight folds' (the oracle,
 * the code before the ledger) for every environment and --to choice.
 */
import { describe, expect, it } from 'vitest';
import { continueLedger, foldLedger, ledgerFromJson, ledgerToJson, type RollbackLedger } from '../../../../../electron/services/rollback/journal-ledger';
import { activeReleaseOf, journalFacts } from '../../../../../electron/services/rollback/rollback-plan';
import type { JournalEvent, StepName, StepOutcome } from '../../../../../shared/releases/release-events';
import { CAST, PREVIOUS_SHA, RELEASE_SHA, releaseStory, type ReleaseStory } from '../../../../fixtures/release-events';
import { journalFactsOfEvents } from './journal-facts-oracle';

const ENVIRONMENTS = ['production', 'staging'] as const;
const SHAS = [RELEASE_SHA, PREVIOUS_SHA, 'aaaaaaa'.padEnd(40, '3'), 'aaaaaab'.padEnd(40, '4'), 'bbbbbbb'.padEnd(40, '5')];
const STEPS: readonly StepName[] = ['stage1', 'preflight', 'switchover', 'rollback', 'merge', 'current-version'];
const OUTCOMES: readonly StepOutcome[] = ['succeeded', 'failed', 'timed-out', 'cancelled'];
/** --to choices: none, full SHAs, a prefix of one, a prefix of two, one never live. */
const TO_CHOICES = [undefined, RELEASE_SHA, PREVIOUS_SHA, 'aaaaaab', 'aaaaaa', 'ccccccc'.padEnd(40, '6')];

/** mulberry32: small, seeded, good enough to pick stories. */
function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function randomJournal(seed: number, length: number): JournalEvent[] {
  const next = random(seed);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(next() * items.length)] as T;
  const story: ReleaseStory = releaseStory();
  const ids: string[] = [];
  const someId = () => (ids.length === 0 || next() < 0.1 ? pick(['r1', 'r2', 'r99', null]) : pick(ids));
  const on = (releaseId: string | null, environment: string = pick(ENVIRONMENTS)) => ({ releaseId, environment, by: pick([CAST.onCall, CAST.coordinator, CAST.stranger]) });
  while (story.events.length < length) {
    const roll = next();
    if (roll < 0.06) {
      // A release the way the services write it, stopped at a random point from Stage 2 on.
      const releaseId = `r${story.events.length + 1}`;
      const environment = pick(ENVIRONMENTS);
      const sha = pick(SHAS);
      ids.push(releaseId);
      const by = { releaseId, environment, by: CAST.onCall };
      const step = (name: StepName, outcome: StepOutcome, facts: Record<string, unknown>) =>
        story
          .add('step-started', { step: name, attempt: 1, command: `./${name}.sh`, logFile: `logs/${name}.log` }, by)
          .add('step-finished', { step: name, attempt: 1, outcome, exitCode: 0, durationMs: 1000, message: name, facts }, by);
      story.add('planned', { branch: `feature/${releaseId}`, sha, mainBranch: 'master', coordinator: CAST.coordinator, onCall: CAST.onCall, engineers: [] }, by);
      step('stage1', 'succeeded', {});
      step('preflight', 'succeeded', { previousSha: pick(SHAS), productionVersion: pick(SHAS) });
      story.add('step-started', { step: 'switchover', attempt: 1, command: './switchover.sh', logFile: 'logs/switchover.log' }, by);
      if (next() < 0.7) {
        story.add('step-finished', { step: 'switchover', attempt: 1, outcome: 'succeeded', exitCode: 0, durationMs: 1000, message: 'switched', facts: { productionVersion: sha, healthy: true } }, by);
        if (next() < 0.5) story.add('verdict', { verdict: pick(['healthy', 'faulty'] as const) }, by);
      }
    } else if (roll < 0.16) {
      // A release planned (now and then under an id already used, or in the other environment).
      const releaseId = next() < 0.1 && ids.length > 0 ? pick(ids) : `r${story.events.length + 1}`;
      ids.push(releaseId);
      story.add('planned', { branch: `feature/${releaseId}`, sha: pick(SHAS), mainBranch: 'master', coordinator: CAST.coordinator, onCall: CAST.onCall, engineers: [...CAST.engineers] }, on(releaseId));
    } else if (roll < 0.4) {
      // A whole step, started and finished, mostly in the release's own environment.
      const releaseId = someId();
      const environment = pick(ENVIRONMENTS);
      const step = pick(STEPS);
      const attempt = 1 + Math.floor(next() * 2);
      story.add('step-started', { step, attempt, command: `./${step}.sh`, logFile: `logs/${step}.log` }, on(releaseId, environment));
      if (next() < 0.85) {
        const outcome = next() < 0.7 ? 'succeeded' : pick(OUTCOMES);
        const facts = step === 'preflight' ? { previousSha: pick(SHAS), productionVersion: pick(SHAS) } : step === 'switchover' || step === 'rollback' ? { productionVersion: pick(SHAS), healthy: next() < 0.8 } : {};
        story.add('step-finished', { step, attempt, outcome, exitCode: outcome === 'succeeded' ? 0 : 1, durationMs: 1000, message: `${step} ${outcome}`, facts }, on(releaseId, next() < 0.9 ? environment : pick(ENVIRONMENTS)));
      }
    } else if (roll < 0.5) {
      const releaseId = someId();
      story.add('rolled-back', { fromSha: pick([...SHAS, null]), toSha: pick(SHAS), healthy: next() < 0.8, message: 'back' }, on(releaseId));
    } else if (roll < 0.58) {
      story.add('lock-taken', { reason: 'rolled back' }, on(someId()));
    } else if (roll < 0.64) {
      story.add('lock-released', { reason: 'fixed' }, on(null));
    } else if (roll < 0.72) {
      story.add('verdict', { verdict: pick(['healthy', 'faulty'] as const) }, on(someId()));
    } else if (roll < 0.78) {
      story.add('inconclusive-resolved', { step: pick(['switchover', 'rollback', 'stage1'] as const), attempt: 1, resolution: pick(['succeeded', 'failed'] as const), observedVersion: pick([...SHAS, null]) }, on(someId()));
    } else if (roll < 0.82) {
      story.add('merged', { method: 'git', mergeCommit: pick(SHAS) }, on(someId()));
    } else if (roll < 0.86) {
      story.add('aborted', { reason: 'wrong prices' }, on(someId()));
    } else if (roll < 0.93) {
      story.add('signed-off', { engineer: pick(CAST.engineers) }, on(someId()));
    } else {
      story.add('step-started', { step: pick(['switchover', 'rollback'] as const), attempt: 1 + Math.floor(next() * 2), command: 'x', logFile: 'x.log' }, on(someId()));
    }
  }
  return story.events;
}

/** Through the snapshot's encoding, as a later process reads it. */
function saved(ledger: RollbackLedger): RollbackLedger {
  return ledgerFromJson(JSON.parse(JSON.stringify(ledgerToJson(ledger))));
}

function allFacts(ledger: RollbackLedger) {
  return ENVIRONMENTS.flatMap((environment) => TO_CHOICES.map((to) => journalFacts(ledger, environment, to)));
}

describe('the rollback ledger', () => {
  it('gives the straight folds\' facts for every prefix of random journals', () => {
    let compared = 0;
    let expected = 0;
    for (let seed = 1; seed <= 40; seed += 1) {
      const events = randomJournal(seed, 70);
      expected += (events.length + 1) * ENVIRONMENTS.length * TO_CHOICES.length;
      for (let cut = 0; cut <= events.length; cut += 1) {
        const prefix = events.slice(0, cut);
        const ledger = foldLedger(prefix);
        for (const environment of ENVIRONMENTS) {
          for (const to of TO_CHOICES) {
            const oracle = journalFactsOfEvents(prefix, environment, to);
            // The oracle hands out the whole release state; the facts keep what the rollback reads of it.
            const expected = { ...oracle, active: oracle.active === null ? null : activeReleaseOf(oracle.active) };
            expect(journalFacts(ledger, environment, to), `seed ${seed}, ${cut} events, ${environment}, --to ${String(to)}`).toEqual(expected);
            compared += 1;
          }
        }
      }
    }
    expect(compared).toBe(expected);
  });

  it('saved at any cut point and continued with the rest, equals the whole journal\'s ledger', () => {
    for (let seed = 100; seed < 140; seed += 1) {
      const events = randomJournal(seed, 80);
      const whole = foldLedger(events);
      const wholeFacts = allFacts(whole);
      for (let cut = 0; cut <= events.length; cut += 1) {
        const resumed = foldLedger(events.slice(cut), saved(foldLedger(events.slice(0, cut))));
        expect(ledgerToJson(resumed), `seed ${seed}, cut at ${cut}`).toEqual(ledgerToJson(whole));
        expect(allFacts(resumed), `seed ${seed}, cut at ${cut}`).toEqual(wholeFacts);
      }
    }
  });

  it('continued in memory at any cut, equals the whole journal\'s ledger and leaves the earlier ledger as it was', () => {
    for (let seed = 200; seed < 230; seed += 1) {
      const events = randomJournal(seed, 80);
      const whole = ledgerToJson(foldLedger(events));
      for (let cut = 0; cut <= events.length; cut += 1) {
        const earlier = foldLedger(events.slice(0, cut));
        const before = JSON.stringify(ledgerToJson(earlier));
        const continued = continueLedger(earlier, events.slice(cut));
        expect(ledgerToJson(continued), `seed ${seed}, cut at ${cut}`).toEqual(whole);
        expect(JSON.stringify(ledgerToJson(earlier)), `seed ${seed}, cut at ${cut}: the earlier ledger changed`).toBe(before);
      }
    }
  });

  it('the random journals reach the cases that matter (so the comparisons above are not vacuous)', () => {
    const seen = new Set<string>();
    for (let seed = 1; seed <= 40; seed += 1) {
      const events = randomJournal(seed, 70);
      for (let cut = 0; cut <= events.length; cut += 5) {
        const ledger = foldLedger(events.slice(0, cut));
        for (const environment of ENVIRONMENTS) {
          const facts = journalFacts(ledger, environment, undefined);
          if (facts.active !== null) seen.add('active release');
          if (facts.target.target !== null) seen.add('a default target');
          if (facts.environment.lock !== null) seen.add('locked');
          if (facts.environment.liveHistory.length > 1) seen.add('live history');
          if (facts.open.length > 0) seen.add('open step');
          if (facts.attempt > 1) seen.add('a later rollback attempt');
          if (journalFacts(ledger, environment, 'aaaaaa').target.problem?.includes('names 2') === true) seen.add('an ambiguous --to');
        }
        const planned = events.slice(0, cut).filter((event) => event.type === 'planned').map((event) => event.releaseId);
        if (new Set(planned).size < planned.length) seen.add('an id planned twice');
      }
    }
    expect([...seen].sort()).toEqual(['a default target', 'a later rollback attempt', 'active release', 'an ambiguous --to', 'an id planned twice', 'live history', 'locked', 'open step']);
  });
});
