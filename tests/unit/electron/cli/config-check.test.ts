import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runCli } from '../../../../electron/cli/cli';
import type { CliIo } from '../../../../electron/cli/cli-io';
import { configSchemaText } from '../../../../electron/cli/commands/config-schema';

const root = path.resolve(import.meta.dirname, '../../../..');
const fixture = (name: string) => path.join(root, 'tests/fixtures/config', name);

function capture(cwd: string) {
  const out: string[] = [];
  const err: string[] = [];
  const io: CliIo = { stdout: (t) => out.push(t), stderr: (t) => err.push(t), env: { HOME: cwd, XDG_CONFIG_HOME: cwd }, cwd };
  return { io, out: () => out.join(''), err: () => err.join('') };
}

describe('release-desk config check', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'release-desk-cli-'));
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('prints every problem on its own line on stdout, a summary on stderr, and exits 2', async () => {
    const broken = (await readFile(fixture('valid/full.yml'), 'utf8'))
      .replace('provider: github-checks', 'provder: github-checks')
      .replace('intervalSeconds: 10', 'intervalSeconds: -1')
      .replace('github: welkin/web', 'github: welkin');
    await writeFile(path.join(dir, 'release-desk.yml'), broken);
    const run = capture(dir);
    const code = await runCli(['config', 'check', '--workspace', dir], run.io, '0.0.0');
    expect(code).toBe(2);
    expect(run.out()).toBe(
      [
        'release-desk.yml:9: repository.github: must be a GitHub repository as owner/name (got "welkin")',
        'release-desk.yml:12: ci.provder: unknown key (did you mean provider?)',
        'release-desk.yml:46: environments.production.health.0.intervalSeconds: must be a whole number greater than 0 (got -1)',
        '',
      ].join('\n'),
    );
    expect(run.err()).toBe(`release-desk: ${path.join(dir, 'release-desk.yml')}: 3 problems; see docs/configuration.md\n`);
  });

  it('gives the problems as JSON with --json', async () => {
    await writeFile(path.join(dir, 'release-desk.yml'), await readFile(fixture('broken/circleci-without-slug.yml'), 'utf8'));
    const run = capture(dir);
    expect(await runCli(['--workspace', dir, 'config', 'check', '--json'], run.io, '0.0.0')).toBe(2);
    expect(JSON.parse(run.out())).toEqual({
      valid: false,
      file: path.join(dir, 'release-desk.yml'),
      problems: [{ line: 4, path: 'ci.circleci.projectSlug', message: 'is required when ci.provider is circleci', got: null }],
      moreProblems: 0,
    });
  });

  it('says a valid file is valid, with a summary, and exits 0', async () => {
    await writeFile(path.join(dir, 'release-desk.yml'), await readFile(fixture('valid/full.yml'), 'utf8'));
    const run = capture(dir);
    // The workspace relative to the working directory, as a user types it.
    expect(await runCli(['config', 'check', '--workspace', '.'], run.io, '0.0.0')).toBe(0);
    expect(run.out()).toBe(
      'release-desk.yml: valid (1 environment: production; CI github-checks; 1 health probe; GitHub welkin/web; Slack #releases)\n',
    );
    expect(run.err()).toBe('');
  });

  it('exits 2 with one line when there is no file', async () => {
    const run = capture(dir);
    expect(await runCli(['config', 'check', '--workspace', dir], run.io, '0.0.0')).toBe(2);
    expect(run.err()).toBe(`release-desk: ${path.join(dir, 'release-desk.yml')}: not found\n`);
    expect(run.out()).toBe('');
  });
});

describe('release-desk config schema', () => {
  it('prints the JSON Schema, which is the committed docs/release-desk.schema.json', async () => {
    const run = capture(root);
    expect(await runCli(['config', 'schema'], run.io, '0.0.0')).toBe(0);
    expect(run.out()).toBe(configSchemaText());
    const committed = await readFile(path.join(root, 'docs/release-desk.schema.json'), 'utf8');
    // If this fails: release-desk config schema > docs/release-desk.schema.json
    expect(committed).toBe(configSchemaText());
    const schema = JSON.parse(committed) as { additionalProperties: unknown; required: unknown };
    expect(schema.additionalProperties).toBe(false);
    expect(schema.required).toEqual(['version', 'repository', 'ci', 'environments']);
  });
});
