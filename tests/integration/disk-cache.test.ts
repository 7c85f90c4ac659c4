/**
 * The on-disk cache (electron/services/cache/disk-cache.ts) with real files and real
 * processes: what it keeps, what it refuses to trust, how it stays bounded, and two writer
 * processes at once.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { z } from 'zod';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DiskCache, type DiskCacheOptions } from '../../electron/services/cache/disk-cache';
import { buildChildScript } from './support/build-child';

let childScript: string;
const schema = z.object({ by: z.string(), n: z.number() });
type Value = z.infer<typeof schema>;
let dir: string;
let counter = 0;

beforeAll(async () => {
  dir = mkdtempSync(path.join(tmpdir(), 'disk-cache-'));
  childScript = await buildChildScript('disk-cache-writer');
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const options = (overrides: Partial<DiskCacheOptions<Value>> = {}): DiskCacheOptions<Value> => ({
  file: path.join(dir, `cache-${++counter}`, 'entries.cache'),
  kind: 'test-entries',
  version: 1,
  schema,
  maxBytes: 1_000_000,
  ...overrides,
});

async function written(opts: DiskCacheOptions<Value>, count: number): Promise<void> {
  const cache = await DiskCache.open(opts);
  for (let i = 0; i < count; i++) cache.set(`k${i}`, { by: 'test', n: i });
  await cache.flush();
}

describe('DiskCache', () => {
  it('keeps entries across opens, as another process would see them', async () => {
    const opts = options();
    await written(opts, 3);
    const again = await DiskCache.open(opts);
    expect(again.discarded).toBeNull();
    expect(again.keys().sort()).toEqual(['k0', 'k1', 'k2']);
    expect(again.get('k1')).toEqual({ by: 'test', n: 1 });
    again.delete('k1');
    await again.flush();
    expect((await DiskCache.open(opts)).get('k1')).toBeUndefined();
  });

  it.each([
    ['garbage', (_text: string) => 'this is not a cache\n\u0000\u0001'],
    ['a foreign version', (text: string) => text.replace('"version":1', '"version":2')],
    ['another kind', (text: string) => text.replace('"kind":"test-entries"', '"kind":"other"')],
    ['a truncated file', (text: string) => text.slice(0, text.length - 7)],
    ['an edited entry with the same length', (text: string) => text.replace('"n":1}', '"n":7}')],
    ['an entry of the wrong shape, header recomputed', 'wrong-shape' as const],
  ])('discards %s, never trusting it, and writes a good file at the next flush', async (_name, damage) => {
    const opts = options();
    await written(opts, 3);
    const text = readFileSync(opts.file, 'utf8');
    if (damage === 'wrong-shape') {
      const body = `${JSON.stringify(['k0', 1, 1, { by: 5 }])}\n`;
      const { createHash } = await import('node:crypto');
      const header = { format: 'release-desk-cache', kind: 'test-entries', version: 1, bytes: Buffer.byteLength(body), sha256: createHash('sha256').update(body).digest('hex') };
      writeFileSync(opts.file, `${JSON.stringify(header)}\n${body}`);
    } else {
      writeFileSync(opts.file, damage(text));
    }
    const opened = await DiskCache.open(opts);
    expect(opened.discarded).toMatch(/entries\.cache: /);
    expect(opened.size).toBe(0);
    await opened.flush();
    const rebuilt = await DiskCache.open(opts);
    expect(rebuilt.discarded).toBeNull();
    rebuilt.set('fresh', { by: 'test', n: 1 });
    await rebuilt.flush();
    expect((await DiskCache.open(opts)).keys()).toEqual(['fresh']);
  });

  it('stays within maxBytes by dropping the least recently used entries', async () => {
    let clock = 1_000;
    const opts = options({ maxBytes: 400, now: () => clock++ });
    const cache = await DiskCache.open(opts);
    for (let i = 0; i < 20; i++) cache.set(`k${i}`, { by: 'test', n: i });
    cache.get('k0'); // used last: kept
    await cache.flush();
    const body = readFileSync(opts.file, 'utf8').split('\n').slice(1).join('\n');
    expect(Buffer.byteLength(body)).toBeLessThanOrEqual(400);
    const kept = (await DiskCache.open(opts)).keys();
    expect(kept.length).toBeGreaterThan(3);
    expect(kept.length).toBeLessThan(20);
    expect(kept).toContain('k0');
    expect(kept).toContain('k19');
    expect(kept).not.toContain('k1');
  });

  it('merges what another process wrote meanwhile; the later write of a key wins', async () => {
    let clock = 1_000;
    const opts = options({ now: () => clock++ });
    const app = await DiskCache.open(opts);
    const cli = await DiskCache.open(opts);
    app.set('shared', { by: 'app', n: 1 });
    app.set('app-only', { by: 'app', n: 1 });
    await app.flush();
    cli.set('shared', { by: 'cli', n: 2 });
    cli.set('cli-only', { by: 'cli', n: 2 });
    await cli.flush();
    const after = await DiskCache.open(opts);
    expect(after.keys().sort()).toEqual(['app-only', 'cli-only', 'shared']);
    expect(after.get('shared')).toEqual({ by: 'cli', n: 2 });
  });

  it('two writer processes at once: every read finds a whole file, and the file ends valid', async () => {
    const opts = options();
    const run = (name: string) =>
      new Promise<{ flushes: number; badReads: number }>((resolve, reject) =>
        execFile(process.execPath, [childScript, opts.file, name, '40'], (error, stdout, stderr) => (error ? reject(new Error(stderr)) : resolve(JSON.parse(stdout) as { flushes: number; badReads: number }))),
      );
    const [a, b] = await Promise.all([run('a'), run('b')]);
    expect(a).toEqual({ flushes: 40, badReads: 0 });
    expect(b).toEqual({ flushes: 40, badReads: 0 });
    const final = await DiskCache.open(opts);
    expect(final.discarded).toBeNull();
    // Each writer's own entries all survive its last flush (it merges what was on disk);
    // the other's may miss the ones it wrote in the same instant, at most.
    const keys = final.keys();
    const lastWriter = keys.filter((key) => key.startsWith('a-')).length === 40 ? 'a' : 'b';
    expect(keys.filter((key) => key.startsWith(`${lastWriter}-`))).toHaveLength(40);
    expect(keys.length).toBeGreaterThan(40);
    expect(readdirSync(path.dirname(opts.file)).filter((name) => name.endsWith('.tmp'))).toEqual([]);
  });
});
