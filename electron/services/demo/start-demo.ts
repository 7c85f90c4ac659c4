/**
 * Starts and stops the demo world: the production switch, and master (or whatever
 * production served when the demo was stopped) deployed through the demo's own stage1 and
 * switchover scripts, run by the command runner exactly as a release would run them.
 */
import path from 'node:path';
import { runCommand, describeResult, type RunResult } from '../runner/run-command';
import { isProcessAlive } from '../runner/process-group';
import { createDemoWorkspace } from './create-demo-workspace';
import { rewriteProductionUrl } from './demo-config';
import { git } from './demo-history';
import { demoPaths, type DemoPaths } from './demo-paths';
import { startDetached, stopTrackedProcesses } from './demo-processes';
import { readDemoState, writeDemoState } from './demo-state';

export interface RunningDemo {
  readonly dir: string;
  readonly productionUrl: string;
  /** The commit production serves. */
  readonly deployedSha: string;
  /** True when a demo was already running and was reused as it was. */
  readonly reused: boolean;
}

export interface DemoOptions {
  /** The environment the demo's processes start with; default process.env. */
  readonly env?: NodeJS.ProcessEnv;
  /** The Node binary for the switch and the scripts; default this one (`node` under Electron). */
  readonly nodePath?: string;
  readonly onProgress?: (line: string) => void;
}

const SWITCH_START_TIMEOUT_MS = 5000;
const STEP_TIMEOUT_MS = 30_000;

export async function startDemo(dir: string, options: DemoOptions = {}): Promise<RunningDemo> {
  const { dir: root, created } = await createDemoWorkspace(dir);
  const paths = demoPaths(root);
  if (created) options.onProgress?.(`Created the demo workspace in ${root}`);
  const running = await findRunningDemo(paths);
  if (running !== null) {
    await rewriteProductionUrl(paths.config, running.productionUrl);
    return running;
  }
  // Leftovers of a demo that crashed or was half stopped go first.
  await stopTrackedProcesses(paths);

  const env = options.env ?? process.env;
  const node = options.nodePath ?? (process.versions.electron === undefined ? process.execPath : 'node');
  const before = await readDemoState(paths.state);
  const switchPid = await startDetached(paths, {
    command: node,
    args: ['deploy/switch.mjs'],
    cwd: root,
    env: { ...env, SWITCH_PORT: String(before.production?.port ?? 0) },
    logFile: path.join(paths.logs, 'switch.log'),
    role: 'switch',
  });
  const productionUrl = await waitForSwitch(paths, switchPid);
  await rewriteProductionUrl(paths.config, productionUrl);
  options.onProgress?.(`Production switch listening on ${productionUrl}`);

  const sha = before.current?.sha ?? (await git(paths.repo, ['rev-parse', 'refs/heads/master']));
  const stepEnv = { RELEASE_SHA: sha, RELEASE_ENV: 'production', RELEASE_ID: 'demo-start', REPO_PATH: paths.repo };
  const stage1 = await runStep(paths, node, 'stage1', stepEnv, env);
  const previewUrl = /^PREVIEW_URL=(\S+)$/m.exec(stage1.output)?.[1];
  if (previewUrl === undefined) throw new Error(`demo stage1 printed no PREVIEW_URL; see ${path.join(paths.logs, 'start.log')}`);
  await runStep(paths, node, 'switchover', { ...stepEnv, PREVIEW_URL: previewUrl }, env);
  options.onProgress?.(`Production serves ${sha}`);
  return { dir: root, productionUrl, deployedSha: sha, reused: false };
}

/** Stops every process the demo started; the workspace itself stays. */
export async function stopDemo(dir: string): Promise<{ readonly stopped: readonly number[] }> {
  const paths = demoPaths(dir);
  const stopped = await stopTrackedProcesses(paths);
  const state = await readDemoState(paths.state);
  if (state.production !== null || Object.keys(state.previews).length > 0) {
    // What production served stays recorded: the next start deploys it again.
    await writeDemoState(paths.state, {
      ...state,
      production: state.production === null ? null : { ...state.production, pid: null },
      previews: {},
    });
  }
  return { stopped };
}

/** The running demo in that folder, or null: its switch and its current version answer. */
export async function findRunningDemo(paths: DemoPaths): Promise<RunningDemo | null> {
  const state = await readDemoState(paths.state);
  const production = state.production;
  if (production === null || production.pid === null || state.current === null) return null;
  if (!isProcessAlive(production.pid) || !isProcessAlive(state.current.pid)) return null;
  const answer = await fetchJson(`${production.url}/__switch`);
  if (answer === null || (answer as { pid?: unknown }).pid !== production.pid) return null;
  return { dir: paths.dir, productionUrl: production.url, deployedSha: state.current.sha, reused: true };
}

async function waitForSwitch(paths: DemoPaths, pid: number): Promise<string> {
  const deadline = Date.now() + SWITCH_START_TIMEOUT_MS;
  while (Date.now() < deadline) {
    const { production } = await readDemoState(paths.state);
    if (production !== null && production.pid === pid && (await fetchJson(`${production.url}/__switch`)) !== null) {
      return production.url;
    }
    if (!isProcessAlive(pid)) break;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`the demo's production switch did not start; see ${path.join(paths.logs, 'switch.log')}`);
}

async function runStep(
  paths: DemoPaths,
  node: string,
  step: 'stage1' | 'switchover',
  values: Readonly<Record<string, string>>,
  env: NodeJS.ProcessEnv,
): Promise<Extract<RunResult, { kind: 'exited' }>> {
  const result = await runCommand([node, `deploy/${step}.mjs`], {
    cwd: paths.dir,
    env: values,
    baseEnv: env,
    timeoutMs: STEP_TIMEOUT_MS,
    logFile: path.join(paths.logs, 'start.log'),
  });
  if (result.kind !== 'exited' || result.code !== 0) {
    const detail = result.kind === 'exited' ? result.output.trim().split('\n').slice(-3).join(' / ') : '';
    throw new Error(`demo ${step} ${describeResult(result)}${detail === '' ? '' : `: ${detail}`}`);
  }
  return result;
}

async function fetchJson(url: string): Promise<unknown> {
  try {
    const response = await fetch(url, { signal: AbortSignal.timeout(2000) });
    if (!response.ok) return null;
    return (await response.json()) as unknown;
  } catch {
    return null;
  }
}
