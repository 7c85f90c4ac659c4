/**
 * A separate process writing to a disk cache, for disk-cache.test.ts (bundled with esbuild,
 * run with plain node): `FILE NAME COUNT` opens the cache, then COUNT times sets NAME-i and
 * flushes (each flush re-reads and renames over the file, as the app and the CLI do), and
 * reads the file between flushes. Prints {"flushes": n, "badReads": n}: a read that found a
 * file it could not trust (a half-written one) counts as bad.
 */
import { z } from 'zod';
import { DiskCache } from '../../../electron/services/cache/disk-cache';

const [file, name, countText] = process.argv.slice(2);
if (file === undefined || name === undefined) throw new Error('usage: FILE NAME COUNT');
const options = { file, kind: 'test-entries', version: 1, schema: z.object({ by: z.string(), n: z.number() }), maxBytes: 10_000_000 };

let flushes = 0;
let badReads = 0;
const cache = await DiskCache.open(options);
for (let i = 0; i < Number(countText); i++) {
  cache.set(`${name}-${i}`, { by: name, n: i });
  await cache.flush();
  flushes++;
  const reader = await DiskCache.open(options);
  if (reader.discarded !== null) badReads++;
}
process.stdout.write(`${JSON.stringify({ flushes, badReads })}\n`);
