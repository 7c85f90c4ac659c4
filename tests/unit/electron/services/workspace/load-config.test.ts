import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { formatConfigProblem } from '../../../../../shared/config/config-problem';
import { loadWorkspaceConfig, parseWorkspaceConfig } from '../../../../../electron/services/workspace/load-config';
import { openWorkspaceSession } from '../../../../../electron/services/workspace/workspace-session';
import { readWorkspaceStatus } from '../../../../../electron/services/workspace/workspace-status';

const root = path.resolve(import.meta.dirname, '../../../../..');
const brokenDir = path.join(root, 'tests/fixtures/config/broken');
const fullExample = path.join(root, 'tests/fixtures/config/valid/full.yml');

const brokenCases = (await readdir(brokenDir)).filter((name) => name.endsWith('.yml')).sort();

async function problemLines(file: string): Promise<string[]> {
  const load = parseWorkspaceConfig(await readFile(file, 'utf8'), '/workspace');
  if (load.kind !== 'invalid') throw new Error(`${path.basename(file)} was expected to be invalid but is ${load.kind}`);
  return load.problems.map(formatConfigProblem);
}

describe('the corpus of broken files', () => {
  it('has every case the issue names, each with its expected lines', async () => {
    expect(brokenCases.length).toBeGreaterThanOrEqual(12);
    for (const name of [
      'syntax-error',
      'unknown-top-level-key',
      'typo-nested-key',
      'wrong-type',
      'missing-production',
      'circleci-without-slug',
      'bad-github-slug',
      'bad-url',
      'bad-template-placeholder',
      'empty-command',
      'negative-interval',
      'duplicate-key',
    ]) {
      expect(brokenCases).toContain(`${name}.yml`);
    }
  });

  it.each(brokenCases)('%s gives exactly the expected lines', async (name) => {
    const expected = (await readFile(path.join(brokenDir, name.replace(/\.yml$/, '.expected.txt')), 'utf8'))
      .split('\n')
      .filter((line) => line !== '');
    expect(expected.length).toBeGreaterThan(0);
    expect(await problemLines(path.join(brokenDir, name))).toEqual(expected);
  });
});

describe('valid files', () => {
  it('loads the full example with name kept and the repository path made absolute', async () => {
    const load = parseWorkspaceConfig(await readFile(fullExample, 'utf8'), '/srv/welkin');
    expect(load.kind).toBe('valid');
    if (load.kind !== 'valid') return;
    expect(load.file).toBe('/srv/welkin/release-desk.yml');
    expect(load.config.name).toBe('Welkin web');
    expect(load.config.repository.path).toBe('/srv/welkin/repo');
    expect(load.config.environments.production?.commands.rollback).toEqual(['./deploy/rollback.sh', '--fast']);
    expect(load.config.ci.requiredChecks).toEqual(['ci/circleci: test', 'ci/circleci: lint']);
  });

  it('the example in docs/configuration.md is the full example, and it validates', async () => {
    const docs = await readFile(path.join(root, 'docs/configuration.md'), 'utf8');
    const block = /```yaml\n([\s\S]*?)```/.exec(docs)?.[1];
    expect(block).toBeDefined();
    expect(block).toBe(await readFile(fullExample, 'utf8'));
    expect(parseWorkspaceConfig(block ?? '', '/srv/welkin').kind).toBe('valid');
  });

  it('names the workspace after its folder when the file has no name', () => {
    const text = (name: string) => `version: 1\n${name}repository: {path: ..}\nci: {provider: local}\nlocalTests: {command: [npm, test]}\n` +
      'environments:\n  production:\n    commands: {stage1: a, switchover: b, rollback: c, currentVersion: d}\n';
    const load = parseWorkspaceConfig(text(''), '/srv/teams/welkin');
    expect(load.kind === 'valid' && load.config.name).toBe('welkin');
    expect(load.kind === 'valid' && load.config.repository.path).toBe('/srv/teams');
  });

  it('follows YAML anchors and aliases', () => {
    const text = [
      'version: 1',
      'repository: {path: ./repo}',
      'ci: {provider: local}',
      'localTests: {command: npm test}',
      'environments:',
      '  production:',
      '    commands: &deploy {stage1: a, switchover: b, rollback: c, currentVersion: d}',
      '  staging:',
      '    commands: *deploy',
      '',
    ].join('\n');
    const load = parseWorkspaceConfig(text, '/w');
    expect(load.kind === 'valid' && load.config.environments.staging?.commands.stage1).toBe('a');
  });
});

describe('reading from disk', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'release-desk-config-'));
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('says when there is no file, or the file is a folder', async () => {
    expect(await loadWorkspaceConfig(dir)).toEqual({ kind: 'unreadable', file: path.join(dir, 'release-desk.yml'), reason: 'not found' });
    await mkdir(path.join(dir, 'release-desk.yml'));
    expect(await loadWorkspaceConfig(dir)).toMatchObject({ kind: 'unreadable', reason: 'is a folder, not a file' });
  });

  it('gives the workspace status: ready with the configured name, or invalid with the problem lines', async () => {
    await writeFile(path.join(dir, 'release-desk.yml'), await readFile(fullExample, 'utf8'));
    expect(await readWorkspaceStatus(dir)).toEqual({ kind: 'ready', path: dir, name: 'Welkin web' });
    await writeFile(path.join(dir, 'release-desk.yml'), await readFile(path.join(brokenDir, 'typo-nested-key.yml'), 'utf8'));
    expect(await readWorkspaceStatus(dir)).toEqual({
      kind: 'invalid',
      path: dir,
      problems: ['release-desk.yml:5: ci.provder: unknown key (did you mean provider?)'],
    });
    expect(await readWorkspaceStatus(path.join(dir, 'nope'))).toEqual({
      kind: 'invalid',
      path: path.join(dir, 'nope'),
      problems: [`${path.join(dir, 'nope')}: no such folder`],
    });
  });

  it('keeps the last valid configuration while the file is broken, and reports the problems', async () => {
    const file = path.join(dir, 'release-desk.yml');
    await writeFile(file, await readFile(fullExample, 'utf8'));
    const session = openWorkspaceSession(dir);
    const first = await session.reload();
    expect(first.status).toEqual({ kind: 'ready', path: dir, name: 'Welkin web' });
    expect(first.config?.name).toBe('Welkin web');

    await writeFile(file, (await readFile(fullExample, 'utf8')).replace('provider: github-checks', 'provder: github-checks'));
    const broken = await session.reload();
    expect(broken.status).toEqual({
      kind: 'invalid',
      path: dir,
      problems: ['release-desk.yml:12: ci.provder: unknown key (did you mean provider?)'],
      usingLastValid: true,
    });
    expect(broken.problems).toEqual([{ line: 12, path: 'ci.provder', message: 'unknown key (did you mean provider?)' }]);
    expect(broken.config).toBe(first.config);

    await rm(file);
    const gone = await session.refresh();
    expect(gone.status).toMatchObject({ kind: 'invalid', problems: [`${file}: not found`], usingLastValid: true });
    expect(gone.config).toBe(first.config);

    await writeFile(file, (await readFile(fullExample, 'utf8')).replace('name: Welkin web', 'name: Welkin web 2'));
    const fixed = await session.refresh();
    expect(fixed.status).toEqual({ kind: 'ready', path: dir, name: 'Welkin web 2' });
    expect(fixed.problems).toEqual([]);
  });

  it('reports a broken first read without a last valid configuration', async () => {
    await writeFile(path.join(dir, 'release-desk.yml'), 'version: 1\n');
    const snapshot = await openWorkspaceSession(dir).refresh();
    expect(snapshot.config).toBeNull();
    expect(snapshot.status).toMatchObject({ kind: 'invalid', usingLastValid: false });
  });

  it('re-reads on refresh only when the file changed, and notices changes when watching', async () => {
    const file = path.join(dir, 'release-desk.yml');
    await writeFile(file, await readFile(fullExample, 'utf8'));
    const session = openWorkspaceSession(dir);
    const first = await session.refresh();
    expect(await session.refresh()).toBe(first);

    const seen = new Promise<string>((resolve) => {
      const stop = session.watch((snapshot) => {
        if (snapshot.status.kind === 'invalid') {
          stop();
          resolve(snapshot.status.problems.join('\n'));
        }
      });
    });
    await writeFile(file, 'version: 1\nrepository: {path: .}\n');
    expect(await seen).toContain('release-desk.yml:1: ci: is required');
  });
});
