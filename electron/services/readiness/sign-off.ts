/**
 * "I tested this manually": records who signed off which commit of a branch, with the
 * checklist items they ticked. Only the branch's current head can be signed off, every
 * checklist item must be ticked, and when the workspace names who signs off, only they may.
 */
import type { SignOffFacts } from '../../../shared/readiness/branch-facts';
import { DeskError } from '../../../shared/ipc/result';
import { shortSha } from '../../../shared/text/short-sha';
import type { ReadinessRecords } from './readiness-records';

export interface SignOffRequest {
  readonly branch: string;
  readonly sha: string;
  readonly items: readonly string[];
  /** The signer: GitHub login when connected, else the git e-mail. */
  readonly by: string;
  /** Alternative identities of the signer (login and e-mail), matched against `allowed`. */
  readonly identities: readonly string[];
}

export interface SignOffRules {
  readonly currentHead: (branch: string) => Promise<string | null>;
  readonly checklist: readonly string[];
  /** people.signOff; empty = anyone may sign off. */
  readonly allowed: readonly string[];
  readonly now: () => Date;
}

export async function signOff(request: SignOffRequest, rules: SignOffRules, records: ReadinessRecords): Promise<SignOffFacts> {
  const head = await rules.currentHead(request.branch);
  if (head === null) throw new DeskError('not-found', `Branch ${request.branch} is not on the remote any more.`);
  if (head !== request.sha) {
    throw new DeskError(
      'conflict',
      `${request.branch} moved to ${shortSha(head)} since you tested ${shortSha(request.sha)}: test the new head and sign off again.`,
    );
  }
  const unknown = request.items.filter((item) => !rules.checklist.includes(item));
  if (unknown.length > 0) throw new DeskError('invalid-argument', `Not on the checklist: ${unknown.join(', ')}.`);
  const missing = rules.checklist.filter((item) => !request.items.includes(item));
  if (missing.length > 0) throw new DeskError('invalid-argument', `Not ticked yet: ${missing.join(', ')}.`);
  const allowed = rules.allowed.map((person) => person.toLowerCase());
  if (allowed.length > 0 && !request.identities.some((identity) => allowed.includes(identity.toLowerCase()))) {
    throw new DeskError(
      'unauthorized',
      `${request.by} may not sign off manual testing: release-desk.yml people.signOff lists ${rules.allowed.join(', ')}.`,
    );
  }
  const facts: SignOffFacts = { sha: request.sha, by: request.by, at: rules.now().toISOString(), items: [...rules.checklist] };
  await records.append({ type: 'sign-off', branch: request.branch, ...facts, items: [...facts.items] });
  return facts;
}
