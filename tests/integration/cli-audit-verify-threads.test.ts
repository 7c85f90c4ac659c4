/**
 * `release-desk audit verify` on two threads (electron/services/audit/verify-journal-split.ts),
 * through the BUILT CLI (`npm run build` first): on a journal large enough to split, the
 * report (exit code, stdout, stderr; --json and text) is exactly the one-thread path's — the
 * same CLI installed without its worker file — for an intact journal and for tampering right
 * at and next to every place the file is cut into chunks (where the two threads meet): edits,
 * deletions, duplicates, swaps, lines that are not JSON or not events, a torn last line.
 *
 * That the worker is really used is seen by a module hook in the child: it logs every module
 * resolved, in every thread, and dist/audit-verify-worker.mjs appears for the large journal
 * and not for a small one. A worker that throws as it loads costs nothing but time.
 */
import { spawn } from 'node:child_process';
import { cp, mkdir, mkdtemp, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chunkStarts, SPLIT_MIN_BYTES } from '../../electron/services/audit/verify-journal-split';
import { journalFileFor } from '../../electron/services/journal/release-journal';
import { userDataDir } from '../../electron/services/settings/settings-location';
import { workspaceDataDir } from '../../electron/services/workspace/workspace-data';
import { createTestRepo, type TestRepo } from '../fixtures/git-repo';
import { releaseStory } from '../fixtures/release-events';
import { writeStoryWorkspaceFile } from '../fixtures/story-workspace';

const root = path.resolve(import.meta.dirname, '../..');
const WORKER = 'audit-verify-worker.mjs';

let repo: TestRepo;
let dir: string;
let configDir: string;
let file: string;
let intact: string[];
/** Line indexes where a chunk starts (not the first). */
let cuts: number[];
let register: string;
let loadedLog: string;
/** bin/release-desk.js of: this build; a copy without the worker file; a copy whose worker throws. */
const bins = { threads: path.join(root, 'bin/release-desk.js'), oneThread: '', throwing: '' };

/** A copy of the CLI's install (bin, dist without the renderer, node_modules linked), its worker replaced or left out. */
async function install(name: string, worker: string | null): Promise<string> {
  const at = path.join(dir, name);
  await mkdir(at);
  await cp(path.join(root, 'bin'), path.join(at, 'bin'), { recursive: true });
  await cp(path.join(root, 'dist'), path.join(at, 'dist'), { recursive: true, filter: (source) => !source.includes(`${path.sep}renderer`) && !source.endsWith(WORKER) && !source.endsWith('.map') });
  if (worker !== null) await writeFile(path.join(at, 'dist', WORKER), worker);
  await cp(path.join(root, 'package.json'), path.join(at, 'package.json'));
  await symlink(path.join(root, 'node_modules'), path.join(at, 'node_modules'));
  return path.join(at, 'bin/release-desk.js');
}

beforeAll(async () => {
  repo = await createTestRepo();
  dir = await mkdtemp(path.join(os.tmpdir(), 'cli-verify-threads-'));
  configDir = path.join(dir, 'config');
  await writeStoryWorkspaceFile(repo.root, { repoPath: './clone' });
  file = journalFileFor(workspaceDataDir(userDataDir({ RELEASE_DESK_CONFIG_DIR: configDir }), repo.root));
  await mkdir(path.dirname(file), { recursive: true });
  // Twice the size where verify splits, so the worker starts before the CLI's thread is done.
  const story = releaseStory();
  let bytes = 0;
  while (bytes < 2 * SPLIT_MIN_BYTES) {
    const before = story.events.length;
    story.plan({ branch: `feature/change-${before}` }).stage1().signOffAll().preflight().switchover().verdict('healthy').merge();
    story.releaseId = `r${story.events.length}`;
    for (const event of story.events.slice(before)) bytes += JSON.stringify(event).length + 1;
  }
  intact = story.events.map((event) => JSON.stringify(event));
  const starts = new Set(chunkStarts(Buffer.from(textOf(intact))));
  cuts = [];
  let offset = 0;
  intact.forEach((line, index) => {
    if (index > 0 && starts.has(offset)) cuts.push(index);
    offset += Buffer.byteLength(line) + 1;
  });
  bins.oneThread = await install('one-thread', null);
  bins.throwing = await install('throwing', "throw new Error('this worker cannot start');\n");
  const hooks = path.join(dir, 'hooks.mjs');
  register = path.join(dir, 'register.mjs');
  loadedLog = path.join(dir, 'loaded.log');
  await writeFile(hooks, `import { appendFileSync } from 'node:fs';\nexport async function resolve(specifier, context, next) {\n  const resolved = await next(specifier, context);\n  appendFileSync(${JSON.stringify(loadedLog)}, resolved.url + '\\n');\n  return resolved;\n}\n`);
  await writeFile(register, `import { register } from 'node:module';\nregister(${JSON.stringify(`file://${hooks}`)});\n`);
}, 120_000);

afterAll(async () => {
  await repo?.cleanup();
  await rm(dir, { recursive: true, force: true });
});

function textOf(lines: readonly string[], tail = ''): string {
  return lines.map((line) => `${line}\n`).join('') + tail;
}

function run(bin: string, args: readonly string[], execArgv: readonly string[] = []): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [...execArgv, bin, '--workspace', repo.root, ...args], {
      env: { PATH: process.env.PATH, HOME: process.env.HOME, RELEASE_DESK_CONFIG_DIR: configDir },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString('utf8')));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

/** Applies `change` at every cut, from the last (so earlier indexes stay right). */
function atEveryCut(change: (lines: string[], cut: number) => void): string[] {
  const lines = intact.slice();
  for (const cut of [...cuts].reverse()) change(lines, cut);
  return lines;
}

const edited = (line: string) => line.replace('"at":"2026', '"at":"2025');
/** Same-length changes keep every cut where it was: the changed line is exactly a chunk's first, where a thread starts. */
const relinked = (line: string) => line.replace(/"prev":"[0-9a-f]{64}"/, `"prev":"${'0'.repeat(64)}"`);
const reseq = (line: string) =>
  line.replace(/^\{"seq":(\d+)/, (_all, seq: string) => `{"seq":${String(Number(seq) + 1).length === seq.length ? Number(seq) + 1 : Number(seq) - 1}`);

describe('audit verify on two threads gives the one-thread report (built CLI)', () => {
  it('the journal is cut into several chunks', () => {
    expect(cuts.length).toBeGreaterThanOrEqual(8);
  });

  const variants: [string, () => string][] = [
    ['intact', () => textOf(intact)],
    ['an edit on both sides of every cut', () => textOf(atEveryCut((lines, cut) => ((lines[cut - 1] = edited(lines[cut - 1] ?? '')), (lines[cut] = edited(lines[cut] ?? '')))))],
    ['prev rewritten on the first line of every chunk', () => textOf(atEveryCut((lines, cut) => (lines[cut] = relinked(lines[cut] ?? ''))))],
    ['seq rewritten on the first line of every chunk', () => textOf(atEveryCut((lines, cut) => (lines[cut] = reseq(lines[cut] ?? ''))))],
    ['the first line of every chunk deleted', () => textOf(atEveryCut((lines, cut) => lines.splice(cut, 1)))],
    ['the last line of every chunk deleted', () => textOf(atEveryCut((lines, cut) => lines.splice(cut - 1, 1)))],
    ['a line duplicated across every cut', () => textOf(atEveryCut((lines, cut) => lines.splice(cut, 0, lines[cut - 1] ?? '')))],
    ['the lines either side of every cut swapped', () => textOf(atEveryCut((lines, cut) => ([lines[cut - 1], lines[cut]] = [lines[cut] ?? '', lines[cut - 1] ?? ''])))],
    ['not JSON and not an event at every cut', () => textOf(atEveryCut((lines, cut) => ((lines[cut - 1] = `{"seq":${cut},"hash":"${'a'.repeat(64)}"}`), (lines[cut] = 'garbage'))))],
    ['a damaged middle line and a torn last line', () => textOf(intact.map((line, index) => (index === Math.floor(intact.length / 2) ? line.slice(0, 90) : line)), '{"seq":1,"at":"2026-11')],
  ];

  it.each(variants)('%s: the same --json report, exit code and stderr', async (name, make) => {
    await writeFile(file, make());
    const [threads, oneThread] = [await run(bins.threads, ['--json', 'audit', 'verify']), await run(bins.oneThread, ['--json', 'audit', 'verify'])];
    expect(oneThread.code).not.toBeNull();
    expect(threads).toEqual(oneThread);
    const report = JSON.parse(threads.stdout) as { ok: boolean; entries: number; problems: unknown[] };
    expect(report.entries).toBeGreaterThan(0);
    expect(report.ok).toBe(name === 'intact');
  }, 120_000);

  it('the text report too, for tampering at every cut', async () => {
    await writeFile(file, textOf(atEveryCut((lines, cut) => lines.splice(cut, 0, lines[cut - 1] ?? ''))));
    const [threads, oneThread] = [await run(bins.threads, ['audit', 'verify']), await run(bins.oneThread, ['audit', 'verify'])];
    expect(oneThread.code).toBe(1);
    expect(oneThread.stdout).toContain('out-of-sequence');
    expect(threads).toEqual(oneThread);
  }, 120_000);

  it('the worker is loaded for the large journal and not for a small one', async () => {
    await writeFile(file, textOf(intact));
    await writeFile(loadedLog, '');
    const large = await run(bins.threads, ['audit', 'verify'], ['--import', register]);
    expect(large.code).toBe(0);
    const loaded = await readFile(loadedLog, 'utf8');
    expect(loaded).toContain(`file://${path.join(root, 'dist', WORKER)}`);

    await writeFile(file, textOf(intact.slice(0, 200)));
    await writeFile(loadedLog, '');
    const small = await run(bins.threads, ['audit', 'verify'], ['--import', register]);
    expect(small.code).toBe(0);
    const loadedSmall = await readFile(loadedLog, 'utf8');
    expect(loadedSmall).toContain('/dist/cli.js');
    expect(loadedSmall).not.toContain(WORKER);
  }, 120_000);

  it('a worker that throws as it loads: the one-thread answer all the same', async () => {
    await writeFile(file, textOf(atEveryCut((lines, cut) => (lines[cut] = edited(lines[cut] ?? '')))));
    const [throwing, oneThread] = [await run(bins.throwing, ['--json', 'audit', 'verify']), await run(bins.oneThread, ['--json', 'audit', 'verify'])];
    expect(oneThread.code).toBe(1);
    expect(throwing).toEqual(oneThread);
  }, 120_000);
});
