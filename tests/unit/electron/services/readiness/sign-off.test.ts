import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ReadinessRecords } from '../../../../../electron/services/readiness/readiness-records';
import { signOff, type SignOffRules } from '../../../../../electron/services/readiness/sign-off';

const HEAD = 'c'.repeat(40);
let data: string;
let records: ReadinessRecords;
const rules: SignOffRules = {
  currentHead: async (branch) => (branch === 'feat/x' ? HEAD : null),
  checklist: ['Log in', 'Open a chart'],
  allowed: ['carol', 'dave@welkin.example'],
  now: () => new Date('2026-11-26T12:00:00.000Z'),
};
const request = { branch: 'feat/x', sha: HEAD, items: ['Log in', 'Open a chart'], by: 'carol', identities: ['carol', 'carol@welkin.example'] };

beforeEach(async () => {
  data = await mkdtemp(path.join(os.tmpdir(), 'sign-off-'));
  records = new ReadinessRecords(data);
});
afterEach(async () => {
  await rm(data, { recursive: true, force: true });
});

describe('signOff', () => {
  it('records who signed off which head with every checklist item', async () => {
    const facts = await signOff(request, rules, records);
    expect(facts).toEqual({ sha: HEAD, by: 'carol', at: '2026-11-26T12:00:00.000Z', items: ['Log in', 'Open a chart'] });
    expect((await records.read()).forBranch('feat/x').signOff).toEqual(facts);
  });

  it('matches the signer by any of their identities, case-insensitively', async () => {
    await expect(signOff({ ...request, by: 'dave', identities: ['dave', 'Dave@Welkin.example'] }, rules, records)).resolves.toMatchObject({ by: 'dave' });
  });

  it.each([
    ['an old commit', { sha: 'b'.repeat(40) }, /moved to ccccccc since you tested bbbbbbb:/],
    ['a missing item', { items: ['Log in'] }, /^Not ticked yet: Open a chart\.$/],
    ['an item not on the checklist', { items: ['Log in', 'Open a chart', 'Drop tables'] }, /^Not on the checklist: Drop tables\.$/],
    ['someone not listed', { by: 'mallory', identities: ['mallory'] }, /mallory may not sign off manual testing: release-desk.yml people.signOff lists carol, dave@welkin.example/],
    ['a deleted branch', { branch: 'feat/gone' }, /Branch feat\/gone is not on the remote any more/],
  ] as Array<[string, Partial<typeof request>, RegExp]>)('refuses %s and records nothing', async (_label, change, message) => {
    await expect(signOff({ ...request, ...change }, rules, records)).rejects.toThrow(message);
    expect((await records.read()).forBranch(change.branch ?? 'feat/x').signOff).toBeNull();
  });
});
