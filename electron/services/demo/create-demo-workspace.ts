/**
 * Creates the demo workspace folder if it is not there yet: the demo repository, the deploy
 * scripts and release-desk.yml. Idempotent: an existing demo is kept as it is (only its
 * deploy scripts are refreshed to this version's); a half-created one is rebuilt; a folder
 * holding anything that is not the demo's is refused.
 */
import { access, mkdir, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import net from 'node:net';
import path from 'node:path';
import { renderDemoConfig } from './demo-config';
import { createDemoRepository } from './demo-history';
import { writeDemoTeamwork } from './demo-teamwork';
import { DEMO_ENTRIES, demoPaths } from './demo-paths';
import { writeDemoState } from './demo-state';
import { DEPLOY_SCRIPTS } from './deploy-scripts';

export interface CreatedDemo {
  readonly dir: string;
  /** False when the folder already held a complete demo. */
  readonly created: boolean;
}

export async function createDemoWorkspace(dir: string): Promise<CreatedDemo> {
  const paths = demoPaths(dir);
  // release-desk.yml is written last: its presence means the demo is complete.
  if (await exists(paths.config)) {
    await writeDeployScripts(paths.dir);
    return { dir: paths.dir, created: false };
  }
  await mkdir(paths.dir, { recursive: true });
  const strangers = (await readdir(paths.dir)).filter((entry) => !(DEMO_ENTRIES as readonly string[]).includes(entry));
  if (strangers.length > 0) {
    throw new Error(`${paths.dir} is not empty and not a demo workspace (it holds ${strangers.slice(0, 3).join(', ')}); choose another folder`);
  }
  for (const entry of DEMO_ENTRIES) await rm(path.join(paths.dir, entry), { recursive: true, force: true });

  await createDemoRepository(paths.dir);
  await writeDemoTeamwork(paths.dir);
  await writeDeployScripts(paths.dir);
  // A free port now, which the switch will try to keep, so the URL stays the same across restarts.
  const port = await freePort();
  await writeDemoState(paths.state, {
    production: { port, pid: null, url: `http://127.0.0.1:${port}` },
    current: null,
    previous: null,
    previews: {},
  });
  await writeFile(paths.config, renderDemoConfig(`http://127.0.0.1:${port}`));
  return { dir: paths.dir, created: true };
}

async function writeDeployScripts(dir: string): Promise<void> {
  for (const [file, content] of Object.entries(DEPLOY_SCRIPTS)) {
    const target = path.join(dir, file);
    const old = await readFile(target, 'utf8').catch(() => null);
    if (old === content) continue;
    await mkdir(path.dirname(target), { recursive: true });
    await writeFile(target, content);
  }
}

async function exists(file: string): Promise<boolean> {
  return access(file).then(
    () => true,
    () => false,
  );
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address !== null ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}
