/**
 * A process that appends to a release journal until it is killed, for the kill -9 test of
 * audit-kill.test.ts (bundled with esbuild, run with plain node). Prints "ready", then after
 * each append has resolved (written and fsync'ed) prints "<seq> <hash>": what it reports as
 * written.
 */
import { openReleaseJournal } from '../../../electron/services/journal/release-journal';

const [file, name] = process.argv.slice(2);
if (file === undefined || name === undefined || name === '') throw new Error('usage: FILE NAME');
const actor = name;
// One appender at a time here, so a short stale-lock age is safe. A kill between creating the
// lock file and writing its owner leaves an empty lock that only age can break (30 s by
// default): the test would spend its time waiting, not testing verify.
const journal = openReleaseJournal({ file, lockTimeoutMs: 60_000, staleLockMs: 500 });

async function main(): Promise<void> {
  process.stdout.write('ready\n');
  for (let index = 0; ; index++) {
    const result = await journal.append(() => ({
      at: new Date().toISOString(),
      actor,
      type: 'lock-taken',
      releaseId: null,
      environment: 'production',
      // Lines of varied length, so a kill can land anywhere in a write.
      data: { reason: `${actor} #${index} ${'x'.repeat(index % 7 === 0 ? 1900 : index % 50)}` },
    }));
    if (result.kind === 'appended') process.stdout.write(`${result.event.seq} ${result.event.hash}\n`);
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`${String(error)}\n`);
  process.exitCode = 1;
});
