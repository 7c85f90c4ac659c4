/**
 * The CLI rollback's identity without a git process each time: kept while the config files
 * git read are unchanged, asked again as soon as one changes, and never kept when an include
 * makes the set of files uncertain. Real git, real files.
 */
import { execFile } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { askGit, cachedGitUserEmail } from '../../electron/services/rollback/cached-identity';

const exec = promisify(execFile);
let dir: string;
let asked: number;
const options = () => ({
  cacheFile: path.join(dir, 'data', 'identity.json'),
  env: process.env,
  ask: async (repo: string) => {
    asked += 1;
    return askGit(repo);
  },
});

beforeEach(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'cached-identity-'));
  await exec('git', ['init', '--quiet', path.join(dir, 'repo')]);
  await exec('git', ['-C', path.join(dir, 'repo'), 'config', 'user.email', 'dave@welkin.example']);
  asked = 0;
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('the cached git identity', () => {
  it('asks git once, then answers from the cache until a config file changes', async () => {
    const repo = path.join(dir, 'repo');
    expect(await cachedGitUserEmail(repo, options())).toBe('dave@welkin.example');
    expect(await cachedGitUserEmail(repo, options())).toBe('dave@welkin.example');
    expect(asked).toBe(1);
    await exec('git', ['-C', repo, 'config', 'user.email', 'carol@welkin.example']);
    expect(await cachedGitUserEmail(repo, options())).toBe('carol@welkin.example');
    expect(await cachedGitUserEmail(repo, options())).toBe('carol@welkin.example');
    expect(asked).toBe(2);
  });

  it('keeps nothing when an include could bring in a file it cannot watch', async () => {
    const repo = path.join(dir, 'repo');
    await exec('git', ['-C', repo, 'config', 'include.path', path.join(dir, 'more.gitconfig')]);
    expect(await cachedGitUserEmail(repo, options())).toBe('dave@welkin.example');
    expect(await cachedGitUserEmail(repo, options())).toBe('dave@welkin.example');
    expect(asked).toBe(2);
  });

  it('asks again in another git environment (GIT_CONFIG_GLOBAL points elsewhere)', async () => {
    const repo = path.join(dir, 'repo');
    expect(await cachedGitUserEmail(repo, options())).toBe('dave@welkin.example');
    expect(await cachedGitUserEmail(repo, { ...options(), env: { ...process.env, GIT_CONFIG_GLOBAL: path.join(dir, 'global') } })).toBe('dave@welkin.example');
    expect(asked).toBe(2);
  });
});
