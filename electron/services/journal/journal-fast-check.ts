/**
 * A hand-written check of journal lines and of the rollback's intent, for the rollback CLI,
 * which must spawn its command without loading zod (~100 ms of a 150 ms budget under load).
 *
 * Reading: the envelope every fold relies on (seq, time, actor, type, release, environment,
 * chain hashes) and the data fields the folds read for steps, plans and rollbacks. Each line
 * was checked by the full schema when it was written; `release-desk audit verify` checks
 * every line again with it, hashes included.
 *
 * Writing: the `step-started` intent only (written before the spawn), exactly as strict as
 * its schema — a unit test feeds both the same drafts. Every other event goes through the
 * full schema, loaded after the spawn.
 */
import { EVENT_TYPE_NAMES, STEP_NAMES } from '../../../shared/releases/release-constants';
import type { EventDraft, JournalEvent } from '../../../shared/releases/release-events';
import type { EventCheck } from './journal-lines';

const TYPES: ReadonlySet<string> = new Set(EVENT_TYPE_NAMES);
const STEPS: ReadonlySet<string> = new Set(STEP_NAMES);
const HASH = /^[0-9a-f]{64}$/;
const SHA = /^[0-9a-f]{40}$/;
const RELEASE_ID = /^r[1-9][0-9]*$/;
const ENVIRONMENT = /^[a-z][a-z0-9_-]{0,39}$/;
/** The schema's `z.iso.datetime({ offset: false, precision: 3 })`: UTC, milliseconds. */
const AT = /^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])T([01]\d|2[0-3]):[0-5]\d:[0-5]\d\.\d{3}Z$/;

type Fields = Record<string, unknown>;

function isObject(value: unknown): value is Fields {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
const positiveInt = (value: unknown) => typeof value === 'number' && Number.isInteger(value) && value > 0;
const text = (value: unknown, max: number) => typeof value === 'string' && value.length <= max;
const person = (value: unknown) => typeof value === 'string' && value.length >= 1 && value.length <= 200;

/** The first problem of the envelope, or null. */
function envelopeProblem(event: Fields, sealed: boolean): string | null {
  if (sealed && !positiveInt(event.seq)) return 'seq: must be a positive integer';
  if (typeof event.at !== 'string' || !AT.test(event.at)) return 'at: must be an ISO time in UTC with milliseconds';
  if (!person(event.actor)) return 'actor: must be 1 to 200 characters';
  if (typeof event.type !== 'string' || !TYPES.has(event.type)) return `type: ${JSON.stringify(event.type)} is not a journal event type`;
  if (event.releaseId !== null && (typeof event.releaseId !== 'string' || !RELEASE_ID.test(event.releaseId))) return 'releaseId: must be a release id such as r12, or null';
  if (typeof event.environment !== 'string' || !ENVIRONMENT.test(event.environment)) return 'environment: must be an environment name';
  if (sealed && (typeof event.prev !== 'string' || !HASH.test(event.prev))) return 'prev: must be a SHA-256 in hex';
  if (sealed && (typeof event.hash !== 'string' || !HASH.test(event.hash))) return 'hash: must be a SHA-256 in hex';
  if (!isObject(event.data)) return 'data: must be an object';
  return null;
}

/** What the folds read of a line's data. */
function dataProblem(type: string, data: Fields): string | null {
  switch (type) {
    case 'step-started':
    case 'step-finished':
    case 'inconclusive-resolved':
      if (typeof data.step !== 'string' || !STEPS.has(data.step)) return 'data.step: not a step name';
      if (!positiveInt(data.attempt)) return 'data.attempt: must be a positive integer';
      if (type === 'step-finished' && !isObject(data.facts)) return 'data.facts: must be an object';
      return null;
    case 'planned':
      if (typeof data.sha !== 'string' || !SHA.test(data.sha)) return 'data.sha: must be a full 40-character commit SHA';
      if (typeof data.branch !== 'string' || !person(data.coordinator) || !person(data.onCall) || !Array.isArray(data.engineers)) return 'data: not a plan';
      return null;
    case 'rolled-back':
      if (typeof data.toSha !== 'string' || !SHA.test(data.toSha)) return 'data.toSha: must be a full 40-character commit SHA';
      return null;
    default:
      return null;
  }
}

export const checkStructure: EventCheck = (json) => {
  if (!isObject(json)) return { ok: false, problem: 'event: must be an object' };
  const problem = envelopeProblem(json, true) ?? dataProblem(json.type as string, json.data as Fields);
  return problem === null ? { ok: true, event: json as unknown as JournalEvent } : { ok: false, problem };
};

/** Checked by hand: a `step-started` draft, as strictly as its schema. Other types: null (use the schema). */
export function checkIntentDraft(candidate: EventDraft & { seq: number; prev: string; hash: string }): { ok: true; event: JournalEvent } | { ok: false; problems: string } | null {
  if (candidate.type !== 'step-started') return null;
  const event = candidate as unknown as Fields;
  const keys = Object.keys(event);
  const extra = keys.filter((key) => !['seq', 'at', 'actor', 'type', 'releaseId', 'environment', 'data', 'prev', 'hash'].includes(key));
  if (extra.length > 0) return { ok: false, problems: `event: unrecognized key(s) ${extra.join(', ')}` };
  const problem = envelopeProblem(event, true);
  if (problem !== null) return { ok: false, problems: problem };
  const data = event.data as Fields;
  const extraData = Object.keys(data).filter((key) => !['step', 'attempt', 'command', 'logFile'].includes(key));
  if (extraData.length > 0) return { ok: false, problems: `data: unrecognized key(s) ${extraData.join(', ')}` };
  const dataIssue =
    typeof data.step !== 'string' || !STEPS.has(data.step)
      ? 'data.step: not a step name'
      : !positiveInt(data.attempt)
        ? 'data.attempt: must be a positive integer'
        : !text(data.command, 4000)
          ? 'data.command: must be text of at most 4000 characters'
          : !text(data.logFile, 1000)
            ? 'data.logFile: must be text of at most 1000 characters'
            : null;
  if (dataIssue !== null) return { ok: false, problems: dataIssue };
  return { ok: true, event: { ...candidate, data: { step: data.step, attempt: data.attempt, command: data.command, logFile: data.logFile } } as unknown as JournalEvent };
}
