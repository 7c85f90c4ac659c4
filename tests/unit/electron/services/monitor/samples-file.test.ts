import { mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { boundedSampleAppender } from '../../../../../electron/services/monitor/samples-file';
import { parseSampleLines, type SampleLine } from '../../../../../shared/monitor/watch-summary';

const dirs: string[] = [];
afterEach(async () => {
  for (const dir of dirs.splice(0)) await rm(dir, { recursive: true, force: true });
});

const line = (at: number): SampleLine => ({ probe: 'web', at, ok: true, status: 200, latencyMs: 12, version: '3f1c2ab', alert: false });
const size = Buffer.byteLength(`${JSON.stringify(line(1_000_000))}\n`);

describe('the bounded samples file', () => {
  it('appends whole lines until the bound, then none, and says so once', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'samples-file-'));
    dirs.push(dir);
    const file = path.join(dir, 'releases', 'r1', 'samples.jsonl');
    const logged: string[] = [];
    const append = boundedSampleAppender(size * 3 + 5, (message) => logged.push(message));
    for (let i = 0; i < 6; i++) append(file, line(1_000_000 + i));
    expect(parseSampleLines(await readFile(file, 'utf8')).map((sample) => sample.at)).toEqual([1_000_000, 1_000_001, 1_000_002]);
    expect((await stat(file)).size).toBe(size * 3);
    expect(logged).toEqual([`[monitor] ${file} reached its bound of ${size * 3 + 5} bytes: later samples of this watch are kept in memory only`]);
  });

  it('counts what a previous run of the app already wrote (the file survives restarts)', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'samples-file-'));
    dirs.push(dir);
    const file = path.join(dir, 'samples.jsonl');
    await writeFile(file, `${JSON.stringify(line(1_000_000))}\n${JSON.stringify(line(1_000_001))}\n`);
    const append = boundedSampleAppender(size * 3, () => undefined);
    for (let i = 2; i < 5; i++) append(file, line(1_000_000 + i));
    expect(parseSampleLines(await readFile(file, 'utf8')).map((sample) => sample.at)).toEqual([1_000_000, 1_000_001, 1_000_002]);
  });
});
