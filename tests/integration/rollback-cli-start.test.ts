/**
 * The CLI rollback's start: before its command runs, the process loads no package at all
 * (no zod, yaml or commander: the journal is read by the hand check, the configuration is
 * the saved parse of the same bytes). A resolve hook records every package the process asks
 * for, and the rollback command writes its own line into the same record, so the order is
 * the real one. The schemas load afterwards (the outcome is checked by them), which shows
 * the hook sees zod when it is loaded: the check can fail. Needs `npm run build`.
 */
import { spawn } from 'node:child_process';
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { EventDraft } from '../../shared/releases/release-events';
import { CAST, PREVIOUS_SHA, RELEASE_SHA, releaseStory } from '../fixtures/release-events';
import { createRollbackWorld, switchedStory, type RollbackWorld } from '../fixtures/rollback-world';

let world: RollbackWorld;
beforeEach(async () => {
  world = await createRollbackWorld();
});
afterEach(async () => {
  await world.close();
});

describe('the CLI rollback start', () => {
  it('loads no package (zod, yaml, commander) before the rollback command runs', async () => {
    await world.appendStory(switchedStory());
    const hooks = path.join(world.dir, 'hooks.mjs');
    const register = path.join(world.dir, 'register.mjs');
    const loaded = path.join(world.dir, 'loaded.txt');
    // Bare specifiers only: packages, not node: built-ins or the bundle's own chunks.
    await writeFile(
      hooks,
      `import { appendFileSync } from 'node:fs';\nexport async function resolve(specifier, context, next) {\n  if (!/^(node:|\\.|\\/|file:)/.test(specifier)) appendFileSync(${JSON.stringify(loaded)}, specifier + '\\n');\n  return next(specifier, context);\n}\n`,
    );
    await writeFile(register, `import { register } from 'node:module';\nregister(${JSON.stringify(`file://${hooks}`)});\n`);
    await world.writeConfig(`echo "-- the rollback command runs" >> loaded.txt; printf %s "$PREVIOUS_SHA" > live-version`);
    const bin = path.resolve(import.meta.dirname, '../../bin/release-desk.js');
    const env: NodeJS.ProcessEnv = { ...process.env, RELEASE_DESK_CONFIG_DIR: world.configDir };
    delete env.RELEASE_DESK_WORKSPACE;
    const cli = () =>
      new Promise<{ code: number; stderr: string }>((resolve) => {
        const child = spawn(process.execPath, ['--import', register, bin, 'rollback', '--yes', '--workspace', world.dir], { env, stdio: ['ignore', 'ignore', 'pipe'] });
        let stderr = '';
        child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
        child.on('close', (code) => resolve({ code: code ?? -1, stderr }));
      });

    // The first rollback ever parses release-desk.yml (and keeps the parse for the next one).
    const first = await cli();
    expect(first.code, first.stderr).toBe(0);

    await world.journal.append(() => ({ at: new Date().toISOString(), actor: CAST.onCall, type: 'lock-released', releaseId: null, environment: 'production', data: { reason: 'the cause is fixed' } }) as EventDraft);
    await world.appendStory(releaseStory().plan().stage1().signOffAll().preflight().switchover());
    await world.setLive(RELEASE_SHA);
    await writeFile(loaded, '');
    const second = await cli();
    expect(second.code, second.stderr).toBe(0);
    expect(await world.live()).toBe(PREVIOUS_SHA);

    const record = (await readFile(loaded, 'utf8')).split('\n').filter((line) => line !== '');
    const spawnedAt = record.indexOf('-- the rollback command runs');
    expect(spawnedAt, record.join('\n')).toBeGreaterThanOrEqual(0);
    expect(record.slice(0, spawnedAt)).toEqual([]);
    expect(record.slice(spawnedAt + 1)).toContain('zod');
  });
});
