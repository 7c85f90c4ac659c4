/**
 * A separate process appending to a release journal, for the cross-process tests of
 * release-journal.test.ts (bundled with esbuild, run with plain node). It prints "ready",
 * waits for "go" on stdin so that every child starts at once, then:
 *   append FILE NAME COUNT -> COUNT lock events tagged NAME; prints {"appended": n}
 *   plan FILE NAME         -> plans feature/NAME unless a release is planned; prints the result
 */
import { createInterface } from 'node:readline';
import { openReleaseJournal } from '../../../electron/services/journal/release-journal';

const [mode, file, name, countText] = process.argv.slice(2);
const actor: string = name ?? '';
if (file === undefined || name === undefined || actor === '') throw new Error('usage: append|plan FILE NAME [COUNT]');
const journal = openReleaseJournal({ file, lockTimeoutMs: 60_000 });

async function main(): Promise<unknown> {
  if (mode === 'append') {
    let appended = 0;
    for (let index = 0; index < Number(countText); index++) {
      const result = await journal.append(() => ({
        at: new Date().toISOString(),
        actor,
        type: 'lock-taken',
        releaseId: null,
        environment: 'production',
        data: { reason: `${actor} #${index}` },
      }));
      if (result.kind === 'appended') appended++;
    }
    return { appended };
  }
  const result = await journal.append(({ seq, events }) => {
    const holder = events.find((event) => event.type === 'planned');
    if (holder !== undefined) return { refused: `production already has release ${holder.releaseId} by ${holder.actor}` };
    return {
      at: new Date().toISOString(),
      actor,
      type: 'planned',
      releaseId: `r${seq}`,
      environment: 'production',
      data: { branch: `feature/${actor}`, sha: 'a'.repeat(40), mainBranch: 'master', coordinator: actor, onCall: actor, engineers: [actor] },
    };
  });
  return result;
}

const lines = createInterface({ input: process.stdin });
process.stdout.write('ready\n');
lines.once('line', () => {
  lines.close();
  main().then(
    (result) => process.stdout.write(`${JSON.stringify(result)}\n`),
    (error: unknown) => {
      process.stderr.write(`${String(error)}\n`);
      process.exitCode = 1;
    },
  );
});
