/**
 * Who rolls back in the app, when no GitHub login is known: the clone's git user.email, kept
 * between rollbacks while git's config files are unchanged (as the CLI keeps it), so a click
 * does not wait for a git process before its intent is journaled. A logging `git` first on
 * PATH records every git process the app starts.
 */
import { mkdtemp, readFile, rm, writeFile, chmod } from 'node:fs/promises';
import { execFileSync } from 'node:child_process';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { RollbackRuntimes } from '../../electron/services/rollback/rollback-runtimes';
import { createTrustService, memoryTrustStore } from '../../electron/services/trust/workspace-trust';
import { CAST } from '../fixtures/release-events';
import { createRollbackWorld, switchedStory, type RollbackWorld } from '../fixtures/rollback-world';

let world: RollbackWorld;
let binDir: string;
let gitLog: string;
const originalPath = process.env.PATH;

beforeEach(async () => {
  world = await createRollbackWorld();
  binDir = await mkdtemp(path.join(os.tmpdir(), 'logging-git-'));
  gitLog = path.join(binDir, 'git.log');
  const realGit = execFileSync('sh', ['-c', 'command -v git'], { encoding: 'utf8' }).trim();
  await writeFile(path.join(binDir, 'git'), `#!/bin/sh\nprintf '%s\\n' "$*" >> '${gitLog}'\nexec '${realGit}' "$@"\n`);
  await chmod(path.join(binDir, 'git'), 0o755);
  process.env.PATH = `${binDir}${path.delimiter}${originalPath ?? ''}`;
});
afterEach(async () => {
  process.env.PATH = originalPath;
  await world.close();
  await rm(binDir, { recursive: true, force: true });
});

const gitRuns = async () => (await readFile(gitLog, 'utf8').catch(() => '')).split('\n').filter((line) => line !== '');

describe('the app\'s rollback identity', () => {
  it('asks git once, then reuses the answer until git\'s config changes', async () => {
    await world.appendStory(switchedStory());
    const trust = createTrustService({ store: memoryTrustStore() });
    await trust.grant(world.dir, 'dialog');
    const rollbacks = new RollbackRuntimes({ userDataDir: world.configDir, trust, emit: () => undefined, secrets: () => [] });
    const service = rollbacks.for(world.dir, await world.config());

    expect((await service.preview('production')).viewer).toBe(CAST.onCall);
    const first = (await gitRuns()).filter((line) => line.startsWith('config'));
    expect(first).toHaveLength(1);
    expect((await service.preview('production')).viewer).toBe(CAST.onCall);
    expect((await service.rollback({ environment: 'production' })).kind).toBe('rolled-back');
    // The preview's currentVersion runs `cat`, not git: every git process is a config read.
    expect((await gitRuns()).filter((line) => line.startsWith('config'))).toEqual(first);

    execFileSync('git', ['-C', world.dir, 'config', 'user.email', 'erin@welkin.example']);
    expect((await service.preview('production')).viewer).toBe('erin@welkin.example');
  });
});
