import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runCli } from '../../../../electron/cli/cli';
import type { CliIo } from '../../../../electron/cli/cli-io';
import { firstInvalidUtf8 } from '../../../../electron/services/workspace/config-bytes';
import { loadWorkspaceConfig } from '../../../../electron/services/workspace/load-config';
import { openWorkspaceSession } from '../../../../electron/services/workspace/workspace-session';

// Bad input to `config check` and to the app's watched re-read (the same loader): a flood
// of unknown keys, a huge file, bytes that are not UTF-8.
const root = path.resolve(import.meta.dirname, '../../../..');
const fullExample = path.join(root, 'tests/fixtures/config/valid/full.yml');

function capture(cwd: string) {
  const out: string[] = [];
  const err: string[] = [];
  const io: CliIo = { stdout: (t) => out.push(t), stderr: (t) => err.push(t), env: { HOME: cwd, XDG_CONFIG_HOME: cwd }, cwd };
  return { io, out: () => out.join(''), err: () => err.join('') };
}

describe('config check on hostile files', () => {
  let dir: string;
  let file: string;
  beforeEach(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'release-desk-limits-'));
    file = path.join(dir, 'release-desk.yml');
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('20,000 unknown keys: the first 50 problems with their lines, then "and 19,950 more problems"', async () => {
    const example = await readFile(fullExample, 'utf8');
    const exampleLines = example.split('\n').length - 1;
    const unknown = Array.from({ length: 20_000 }, (_, i) => `unknownKey${i}: ${i}\n`).join('');
    await writeFile(file, example + unknown);
    const run = capture(dir);
    const started = performance.now();
    expect(await runCli(['config', 'check', '--workspace', dir], run.io, '0.0.0')).toBe(2);
    // Reported on stderr rather than asserted: the machine's load decides wall time.
    process.stderr.write(`config check, 20,000 unknown keys: ${Math.round(performance.now() - started)} ms\n`);
    const lines = run.out().split('\n').filter((line) => line !== '');
    expect(lines).toHaveLength(51);
    expect(lines[0]).toBe(`release-desk.yml:${exampleLines + 1}: unknownKey0: unknown key`);
    expect(lines[49]).toBe(`release-desk.yml:${exampleLines + 50}: unknownKey49: unknown key`);
    expect(lines[50]).toBe('and 19,950 more problems');
    expect(run.err()).toBe(`release-desk: ${file}: 20,000 problems; see docs/configuration.md\n`);
  });

  it('--json keeps the first 50 problems and counts the rest', async () => {
    const unknown = Array.from({ length: 120 }, (_, i) => `extra${i}: 1\n`).join('');
    await writeFile(file, (await readFile(fullExample, 'utf8')) + unknown);
    const run = capture(dir);
    expect(await runCli(['config', 'check', '--workspace', dir, '--json'], run.io, '0.0.0')).toBe(2);
    const report = JSON.parse(run.out()) as { problems: unknown[]; moreProblems: number };
    expect(report.problems).toHaveLength(50);
    expect(report.moreProblems).toBe(70);
  });

  it('refuses a file over 1 MiB before parsing, naming the file and its size', async () => {
    // Valid YAML all through: without the limit this would be parsed and validated.
    const bytes = 1024 * 1024 + 100;
    const text = `version: 1\n${'#'.repeat(bytes - 'version: 1\n'.length - 1)}\n`;
    await writeFile(file, text);
    expect(Buffer.byteLength(text)).toBe(bytes);
    const run = capture(dir);
    expect(await runCli(['config', 'check', '--workspace', dir], run.io, '0.0.0')).toBe(2);
    expect(run.out()).toBe('');
    expect(run.err()).toBe(
      `release-desk: ${file}: is 1,048,676 bytes; a release-desk.yml may be at most 1 MiB (1,048,576 bytes), so it was not read\n`,
    );
  });

  it('the app\'s session reports the same refusal instead of parsing the file', async () => {
    await writeFile(file, `version: 1\n${'#'.repeat(2 * 1024 * 1024)}\n`);
    const snapshot = await openWorkspaceSession(dir).reload();
    expect(snapshot.status).toMatchObject({ kind: 'invalid', problems: [expect.stringContaining('may be at most 1 MiB') as unknown] });
  });

  it('reports invalid UTF-8 with its line and byte', async () => {
    const example = Buffer.from(await readFile(fullExample, 'utf8'));
    const lines = example.toString('utf8').split('\n');
    // Line 7 gets a stray 0xff inside a value: the text decoder alone would make it U+FFFD and carry on.
    const before = Buffer.from(`${lines.slice(0, 6).join('\n')}\n${lines[6]}`);
    const after = Buffer.from(`\n${lines.slice(7).join('\n')}`);
    await writeFile(file, Buffer.concat([before, Buffer.from([0xff]), after]));
    const run = capture(dir);
    expect(await runCli(['config', 'check', '--workspace', dir], run.io, '0.0.0')).toBe(2);
    expect(run.out()).toBe('release-desk.yml:7: invalid UTF-8 (byte 0xff)\n');
    const load = await loadWorkspaceConfig(dir);
    expect(load).toMatchObject({ kind: 'invalid', problems: [{ line: 7, message: 'invalid UTF-8 (byte 0xff)' }] });
  });
});

describe('firstInvalidUtf8', () => {
  const at = (...bytes: number[]) => firstInvalidUtf8(Uint8Array.from(bytes));
  it('accepts ASCII, 2-, 3- and 4-byte sequences', () => {
    expect(firstInvalidUtf8(Buffer.from('a é € 😀 \u{10ffff}'))).toBe(-1);
  });
  it('finds stray, truncated, overlong, surrogate and out-of-range sequences', () => {
    expect(at(0x61, 0xff)).toBe(1);
    expect(at(0x61, 0x80)).toBe(1); // continuation without a lead
    expect(at(0xe2, 0x82)).toBe(0); // truncated €
    expect(at(0xc0, 0xaf)).toBe(0); // overlong '/'
    expect(at(0xe0, 0x80, 0xaf)).toBe(0); // overlong
    expect(at(0xed, 0xa0, 0x80)).toBe(0); // surrogate U+D800
    expect(at(0xf4, 0x90, 0x80, 0x80)).toBe(0); // above U+10FFFF
  });
});
