import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WorkspaceConfigSchema } from '../../shared/config/workspace-config';
import { blockerKinds } from '../fixtures/board-rows';
import { createTestRepo, type TestRepo } from '../fixtures/git-repo';
import { trustNamedFolder } from '../../electron/services/trust/workspace-trust';
import { quietRuntime } from '../fixtures/quiet-runtime';

// readiness.behind in release-desk.yml decides whether a branch behind the main branch that
// merges cleanly is blocked: the workspace's choice, read through the real runtime and git.
let repo: TestRepo;
let dataDir: string;

beforeAll(async () => {
  repo = await createTestRepo();
  dataDir = await mkdtemp(path.join(os.tmpdir(), 'behind-policy-'));
  await repo.commit('base', { 'a.txt': 'a\n' });
  await repo.git('checkout', '--quiet', '-b', 'feat/clean-behind');
  await repo.commit('branch work', { 'b.txt': 'b\n' });
  await repo.git('checkout', '--quiet', 'master');
  await repo.commit('master moves on', { 'c.txt': 'c\n' });
  await repo.git('push', '--quiet', 'origin', 'master', 'feat/clean-behind');
});

afterAll(async () => {
  await repo.cleanup();
  await rm(dataDir, { recursive: true, force: true });
});

async function blockersWith(readiness: Record<string, unknown> | undefined): Promise<string[]> {
  const config = { name: 'behind-policy', ...WorkspaceConfigSchema.parse({
    version: 1,
    repository: { path: repo.clone },
    ci: { provider: 'local' },
    localTests: { command: 'true' },
    environments: { production: { commands: { stage1: 'true', switchover: 'true', rollback: 'true', currentVersion: 'true' } } },
    ...(readiness === undefined ? {} : { readiness }),
  }) };
  const runtime = quietRuntime({ config, dataDir, trust: await trustNamedFolder(repo.clone) });
  try {
    return blockerKinds(await runtime.service.refresh({ fetch: false }), 'feat/clean-behind');
  } finally {
    await runtime.stop();
  }
}

describe('readiness.behind', () => {
  it('blocks a branch behind the main branch by default and with "block"', async () => {
    expect(await blockersWith(undefined)).toContain('behind');
    expect(await blockersWith({ behind: 'block' })).toContain('behind');
  });

  it('lets a conflict-free branch behind the main branch through with "allow-if-conflict-free"', async () => {
    const kinds = await blockersWith({ behind: 'allow-if-conflict-free' });
    expect(kinds).not.toContain('behind');
    expect(kinds.length).toBeGreaterThan(0); // still blocked for the other reasons: only the behind rule changed
  });

  it('rejects any other value, naming the choices', () => {
    const parsed = WorkspaceConfigSchema.safeParse({
      version: 1,
      repository: { path: '.' },
      ci: { provider: 'local' },
      localTests: { command: 'true' },
      environments: { production: { commands: { stage1: 'true', switchover: 'true', rollback: 'true', currentVersion: 'true' } } },
      readiness: { behind: 'allow' },
    });
    expect(parsed.success).toBe(false);
    expect(parsed.error?.issues[0]?.path).toEqual(['readiness', 'behind']);
    expect(parsed.error?.issues[0]?.message).toMatch(/block.*allow-if-conflict-free/);
  });
});
