/**
 * The journal's constants without its schemas: a reader that must start fast (the rollback
 * CLI) folds the journal without loading zod. release-events.ts and release-state.ts
 * re-export these; the schemas there are built from the same lists.
 */
import type { ReleasePhase } from './release-state';

export const GENESIS_HASH = '0'.repeat(64);

export const STEP_NAMES = ['stage1', 'preflight', 'switchover', 'current-version', 'merge', 'teardown', 'rollback'] as const;

/** Every event type (the keys of release-events.ts's EVENT_DATA; a unit test keeps them equal). */
export const EVENT_TYPE_NAMES = [
  'planned',
  'engineers-changed',
  'step-started',
  'step-finished',
  'signed-off',
  'override',
  'inconclusive-resolved',
  'verdict',
  'watch-summary',
  'merged',
  'release-notes',
  'aborted',
  'rolled-back',
  'lock-taken',
  'lock-released',
  'audit-acknowledged',
] as const;

export const FINAL_PHASES: readonly ReleasePhase[] = ['done', 'aborted', 'rolled-back'];
