import { describe, expect, it } from 'vitest';
import { validateWorkspaceConfig } from '../../../../shared/config/config-issues';
import {
  closestKey,
  editDistance,
  formatConfigProblem,
  renderConfigValue,
} from '../../../../shared/config/config-problem';
import { CommandSpecSchema, fillPreviewUrl, WorkspaceConfigSchema } from '../../../../shared/config/workspace-config';

const commands = {
  stage1: './deploy/stage1.sh',
  switchover: './deploy/switchover.sh',
  rollback: './deploy/rollback.sh',
  currentVersion: './deploy/current-version.sh',
};

function minimal(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    version: 1,
    repository: { path: './repo' },
    ci: { provider: 'local' },
    localTests: { command: 'npm test' },
    environments: { production: { commands } },
    ...overrides,
  };
}

/** Problems as "path: message" (lines need a document; these tests are about the rules). */
function problems(data: unknown): string[] {
  const result = validateWorkspaceConfig(data, () => 1);
  return result.ok ? [] : result.problems.map((p) => `${p.path}: ${p.message}${p.got === undefined ? '' : ` (got ${p.got})`}`);
}

describe('WorkspaceConfigSchema', () => {
  it('fills in every documented default on a minimal file', () => {
    const config = WorkspaceConfigSchema.parse(minimal());
    expect(config.repository).toEqual({ path: './repo', mainBranch: 'master', remote: 'origin' });
    expect(config.ci).toEqual({ provider: 'local', requiredChecks: [] });
    expect(config.localTests).toEqual({ command: 'npm test', timeoutMinutes: 20 });
    expect(config.manualTesting).toEqual({ checklist: [] });
    expect(config.people).toEqual({ coordinators: [], onCall: [], signOff: [] });
    expect(config.slack).toBeUndefined();
    expect(config.name).toBeUndefined();
    const production = config.environments.production;
    expect(production?.timeouts).toEqual({ stage1Minutes: 30, switchoverMinutes: 15, rollbackMinutes: 5, currentVersionSeconds: 30 });
    expect(production?.health).toEqual([]);
    expect(production?.watchMinutes).toBe(15);
  });

  it('fills in probe defaults and keeps given values', () => {
    const config = WorkspaceConfigSchema.parse(
      minimal({
        environments: {
          production: { commands, health: [{ name: 'web', url: 'http://127.0.0.1:8080/health', timeoutSeconds: 2 }] },
        },
      }),
    );
    expect(config.environments.production?.health[0]).toEqual({
      name: 'web',
      url: 'http://127.0.0.1:8080/health',
      expectStatus: 200,
      intervalSeconds: 10,
      timeoutSeconds: 2,
    });
  });

  it('accepts more environments than production', () => {
    const config = WorkspaceConfigSchema.parse(minimal({ environments: { production: { commands }, staging: { commands } } }));
    expect(Object.keys(config.environments)).toEqual(['production', 'staging']);
  });

  it('reports unknown keys at every level, suggesting the key that was meant', () => {
    expect(problems(minimal({ slak: { channel: '#releases' } }))).toEqual(['slak: unknown key (did you mean slack?)']);
    expect(problems(minimal({ repository: { path: '.', mainbranch: 'main' } }))).toEqual([
      'repository.mainbranch: unknown key (did you mean mainBranch?)',
    ]);
    // The typo explains the missing rollback: one line, not two.
    const { rollback, ...withoutRollback } = commands;
    expect(problems(minimal({ environments: { production: { commands: { ...withoutRollback, rolback: rollback } } } }))).toEqual([
      'environments.production.commands.rolback: unknown key (did you mean rollback?)',
    ]);
    // A key that is already there is not what a stray key was meant to be.
    expect(problems(minimal({ environments: { production: { commands: { ...commands, stage2: 'x' } } } }))).toEqual([
      'environments.production.commands.stage2: unknown key',
    ]);
    expect(problems(minimal({ deployment: true }))).toEqual(['deployment: unknown key']);
  });

  it('requires production, and says so once', () => {
    expect(problems(minimal({ environments: { staging: { commands } } }))).toEqual([
      'environments.production: is required: every workspace deploys to production',
    ]);
  });

  it('joins keys: circleci needs a slug, github-checks needs a repository, local needs a test command', () => {
    expect(problems(minimal({ ci: { provider: 'circleci' } }))).toEqual([
      'ci.circleci.projectSlug: is required when ci.provider is circleci',
    ]);
    expect(problems(minimal({ ci: { provider: 'circleci', circleci: { projectSlug: 'gh/welkin/web' } } }))).toEqual([]);
    expect(problems(minimal({ ci: { provider: 'github-checks' } }))).toEqual([
      'repository.github: is required when ci.provider is github-checks',
    ]);
    expect(problems(minimal({ localTests: undefined }))).toEqual(['localTests.command: is required when ci.provider is local']);
  });

  it('checks the GitHub slug, the CircleCI slug and the Slack channel', () => {
    expect(problems(minimal({ repository: { path: '.', github: 'welkin/web' } }))).toEqual([]);
    expect(problems(minimal({ repository: { path: '.', github: 'welkin' } }))).toEqual([
      'repository.github: must be a GitHub repository as owner/name (got "welkin")',
    ]);
    expect(problems(minimal({ ci: { provider: 'circleci', circleci: { projectSlug: 'welkin/web' } } }))).toEqual([
      'ci.circleci.projectSlug: must be a CircleCI project slug such as gh/owner/name (got "welkin/web")',
    ]);
    expect(problems(minimal({ slack: { channel: '#releases' } }))).toEqual([]);
    expect(problems(minimal({ slack: { channel: 'C0123ABCD' } }))).toEqual([]);
    expect(problems(minimal({ slack: { channel: '' } }))).toHaveLength(1);
  });

  it('takes readiness.flaky as warn (default) or block, and says what else was given', () => {
    expect(WorkspaceConfigSchema.parse(minimal()).readiness.flaky).toBe('warn');
    expect(WorkspaceConfigSchema.parse(minimal({ readiness: { flaky: 'block' } })).readiness).toEqual({ behind: 'block', flaky: 'block' });
    expect(problems(minimal({ readiness: { flaky: 'fail' } }))).toEqual(['readiness.flaky: must be one of warn, block (got "fail")']);
  });

  it('accepts http(s) probe URLs only', () => {
    const withUrl = (url: string) =>
      problems(minimal({ environments: { production: { commands, health: [{ name: 'web', url }] } } }));
    expect(withUrl('https://app.example.com/health')).toEqual([]);
    expect(withUrl('http://127.0.0.1:3000/')).toEqual([]);
    expect(withUrl('ftp://example.com/')).toEqual([
      'environments.production.health.0.url: must be an http:// or https:// URL (got "ftp://example.com/")',
    ]);
    expect(withUrl('app.example.com/health')).toHaveLength(1);
  });

  it('allows only the documented preview URL placeholders', () => {
    const withTemplate = (previewUrl: string) => problems(minimal({ environments: { production: { commands, previewUrl } } }));
    expect(withTemplate('https://preview-{shortSha}.example.com/{branch}?r={releaseId}&s={sha}')).toEqual([]);
    expect(withTemplate('https://preview-{commit}.example.com')).toEqual([
      'environments.production.previewUrl: unknown placeholder {commit}; use {sha}, {shortSha}, {branch}, {releaseId} (got "https://preview-{commit}.example.com")',
    ]);
    expect(withTemplate('preview-{sha}.example.com')).toEqual([
      'environments.production.previewUrl: must be an http:// or https:// URL template (got "preview-{sha}.example.com")',
    ]);
  });

  it('fills a preview URL with encoded values, so a branch name cannot reshape it', () => {
    expect(fillPreviewUrl('https://p-{shortSha}.example.com/{branch}', { sha: 'a'.repeat(40), shortSha: 'abc1234', branch: 'x/../y?z', releaseId: 'r1' })).toBe(
      'https://p-abc1234.example.com/x%2F..%2Fy%3Fz',
    );
  });

  it('takes a command as a string or an argv list, never empty', () => {
    expect(CommandSpecSchema.safeParse('./deploy.sh --fast').success).toBe(true);
    expect(CommandSpecSchema.safeParse(['./deploy.sh', '--fast']).success).toBe(true);
    const withStage1 = (stage1: unknown) =>
      problems(minimal({ environments: { production: { commands: { ...commands, stage1 } } } }));
    expect(withStage1('   ')).toEqual(['environments.production.commands.stage1: must not be an empty command (got "   ")']);
    expect(withStage1([])).toEqual(['environments.production.commands.stage1: must not be an empty command (got [])']);
    expect(withStage1(['./x', ''])).toEqual(['environments.production.commands.stage1.1: must not be an empty argument (got "")']);
    expect(withStage1(42)).toEqual([
      'environments.production.commands.stage1: must be a command: a string (run by /bin/sh) or a list of strings (argv) (got 42)',
    ]);
    expect(withStage1(undefined)).toEqual(['environments.production.commands.stage1: is required']);
  });

  it('wants whole positive numbers for times and intervals', () => {
    const probe = (extra: Record<string, unknown>) =>
      problems(minimal({ environments: { production: { commands, health: [{ name: 'web', url: 'http://127.0.0.1/', ...extra }] } } }));
    expect(probe({ intervalSeconds: 0 })).toEqual([
      'environments.production.health.0.intervalSeconds: must be a whole number greater than 0 (got 0)',
    ]);
    expect(probe({ timeoutSeconds: 1.5 })).toEqual(['environments.production.health.0.timeoutSeconds: must be a whole number (got 1.5)']);
    expect(probe({ expectStatus: 700 })).toEqual(['environments.production.health.0.expectStatus: must be an HTTP status code (100-599) (got 700)']);
    expect(problems(minimal({ localTests: { command: 'npm test', timeoutMinutes: '20' } }))).toEqual([
      'localTests.timeoutMinutes: must be a number (got "20")',
    ]);
  });

  it('refuses two probes with one name in an environment', () => {
    const health = [
      { name: 'web', url: 'http://127.0.0.1/a' },
      { name: 'web', url: 'http://127.0.0.1/b' },
    ];
    expect(problems(minimal({ environments: { production: { commands, health } } }))).toEqual([
      'environments.production.health.1.name: is used by another probe of this environment (got "web")',
    ]);
  });

  it('takes autoRollback per environment (off by default), and refuses one that could never fire', () => {
    const health = [{ name: 'web', url: 'http://127.0.0.1/health' }];
    const production = (extra: Record<string, unknown>) => minimal({ environments: { production: { commands, health, ...extra } } });
    expect(WorkspaceConfigSchema.parse(minimal()).environments.production?.autoRollback).toBeUndefined();
    expect(WorkspaceConfigSchema.parse(production({ autoRollback: { afterSeconds: 90 } })).environments.production?.autoRollback).toEqual({ afterSeconds: 90 });
    expect(problems(production({ autoRollback: { afterSeconds: 0 } }))).toEqual(['environments.production.autoRollback.afterSeconds: must be a whole number greater than 0 (got 0)']);
    expect(problems(production({ autoRollback: { after: 60 } }))[0]).toMatch(/^environments\.production\.autoRollback/);
    expect(problems(production({ autoRollback: {} }))).toEqual(['environments.production.autoRollback.afterSeconds: is required']);
    expect(problems(production({ watchMinutes: 5, autoRollback: { afterSeconds: 300 } }))).toEqual([
      'environments.production.autoRollback.afterSeconds: must be shorter than the watch window (watchMinutes 5 = 300 s), or it never fires (got 300)',
    ]);
    expect(problems(minimal({ environments: { production: { commands, autoRollback: { afterSeconds: 60 } } } }))).toEqual([
      'environments.production.autoRollback: needs at least one health probe in this environment (it acts on their alerts) (got {"afterSeconds":60})',
    ]);
  });

  it('takes people by GitHub login or git e-mail', () => {
    expect(problems(minimal({ people: { onCall: ['bob', 'bob@example.com'] } }))).toEqual([]);
    expect(problems(minimal({ people: { signOff: ['carol', 'not a login'] } }))).toEqual([
      'people.signOff.1: must be a GitHub login or a git e-mail (got "not a login")',
    ]);
  });

  it('knows only version 1 and reports a wrong root', () => {
    expect(problems(minimal({ version: 2 }))).toEqual(['version: must be 1 (the only version so far) (got 2)']);
    expect(problems(['a list'])).toEqual(['(top level): must be a mapping of keys to values (got ["a list"])']);
  });
});

describe('problem lines', () => {
  it('formats with and without the offending value', () => {
    expect(formatConfigProblem({ line: 12, path: 'ci.provider', message: 'is required' })).toBe('release-desk.yml:12: ci.provider: is required');
    expect(formatConfigProblem({ line: 3, path: 'version', message: 'must be 1', got: '2' })).toBe('release-desk.yml:3: version: must be 1 (got 2)');
  });

  it('renders values as JSON, on one line, cut to about 60 characters', () => {
    expect(renderConfigValue('x')).toBe('"x"');
    expect(renderConfigValue(null)).toBe('null');
    expect(renderConfigValue({ a: [1, 2] })).toBe('{"a":[1,2]}');
    const long = renderConfigValue('y'.repeat(200));
    expect(long).toHaveLength(60);
    expect(long.endsWith('…')).toBe(true);
  });

  it('suggests the closest known key only when it is close', () => {
    expect(editDistance('provder', 'provider')).toBe(1);
    expect(editDistance('porvider', 'provider')).toBe(1);
    expect(closestKey('provder', ['provider', 'requiredChecks', 'circleci'])).toBe('provider');
    expect(closestKey('mainbranch', ['path', 'mainBranch', 'remote'])).toBe('mainBranch');
    expect(closestKey('deployment', ['version', 'name', 'repository'])).toBeNull();
  });
});
