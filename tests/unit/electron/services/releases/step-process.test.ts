import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runStepProcess } from '../../../../../electron/services/releases/step-process';
import { trustNamedFolder } from '../../../../../electron/services/trust/workspace-trust';
import { linesOfChunks } from '../../../../../shared/releases/output-lines';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'step-process-'));
});
afterAll(() => rm(dir, { recursive: true, force: true }));

async function step(spec: string | string[], timeoutMs = 10_000, env: Record<string, string> = {}) {
  const lines: string[] = [];
  const logFile = path.join(dir, `${Math.random().toString(36).slice(2)}.log`);
  const result = await runStepProcess({
    spec,
    cwd: dir,
    env,
    timeoutMs,
    logFile,
    secrets: ['s3cr3t-token-value'],
    signal: new AbortController().signal,
    onChunks: (batch) => lines.push(...linesOfChunks(batch)),
    now: () => new Date(),
    trust: await trustNamedFolder(dir),
  });
  return { ...result, lines, log: await readFile(logFile, 'utf8').catch(() => '') };
}

describe('a release step\'s command, through the runner (real processes)', () => {
  it('exit 0 succeeds; values arrive as environment only; secrets are redacted in the lines and the log', async () => {
    const run = await step('echo "branch=$RELEASE_BRANCH"; echo "token s3cr3t-token-value"', 10_000, { RELEASE_BRANCH: 'feat/$(touch pwned);x' });
    expect(run.outcome).toBe('succeeded');
    expect(run.lines).toEqual(['branch=feat/$(touch pwned);x', 'token ***']);
    expect(run.log).toContain('token ***');
    expect(run.log).not.toContain('s3cr3t');
  });

  it('a missing command is failed (127, command not found), with its output', async () => {
    const run = await step('no-such-release-command --go');
    expect(run.outcome).toBe('failed');
    expect(run.exitCode).toBe(127);
    expect(run.message).toMatch(/exited 127 .*\(command not found\): .*no-such-release-command/);
  });

  it('a program that does not exist (argv) failed to start', async () => {
    const run = await step(['./not-here.sh']);
    expect(run.outcome).toBe('failed-to-start');
    expect(run.message).toMatch(/ENOENT/);
  });

  it('exit 1 is failed with the last words of the command', async () => {
    const run = await step('echo working; echo "disk full" >&2; exit 1');
    expect(run.outcome).toBe('failed');
    expect(run.exitCode).toBe(1);
    expect(run.message).toContain('disk full');
  });

  it('a hang past its 1 s timeout is timed-out, its process group killed', async () => {
    const started = Date.now();
    const run = await step('echo started; sleep 30', 1000);
    expect(run.outcome).toBe('timed-out');
    expect(run.message).toMatch(/timed out after 1000 ms; process group killed: started/);
    expect(Date.now() - started).toBeLessThan(10_000);
  });
});
