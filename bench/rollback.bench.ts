/**
 * Rollback start latency (issue 9), with GitHub and Slack hanging on every request:
 *   - in the service: from the rollback() call to the command's process spawned (the runner's
 *     spawn), p50/p95 over 50 runs each: cold (the release's events were just appended by
 *     another writer), after the confirmation (preview), and prepared as the app prepares it
 *     when the journal changes (RollbackRuntimes);
 *   - from the CLI's process start: from spawning `node bin/release-desk.js rollback --yes`
 *     to the rollback command's first action (it writes `date +%s%N`; sh adds ~1-2 ms);
 *   - beside the floors: one fsync'ed journal append alone, on the same journal, and one bare
 *     spawn of `/bin/sh -c true` from the same process (the two things a rollback must do);
 *   - with ROLLBACK_BENCH_BEFORE=<another checkout's bin/release-desk.js> (built), that CLI too,
 *     run alternately with this one, so both see the same machine load;
 *   - ROLLBACK_BENCH_RUNS=<n> (default 50); ROLLBACK_BENCH_SERVICE_ONLY=1 skips the CLI rows (to
 *     alternate two checkouts' service rows as separate processes);
 *   - ROLLBACK_BENCH_HISTORY=<n> (default 250): the journal starts with n released, merged releases
 *     with their release notes (about 15 events each), as a team's journal after a year or two.
 * Goals: p95 < 10 ms in the service, < 150 ms from the CLI's start. Real files, processes
 * and HTTP servers on 127.0.0.1. Needs `npm run build` (the CLI bundle).
 */
import { execFileSync, spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import path from 'node:path';
import { stringify } from 'yaml';
import { journalFileFor, openReleaseJournal, type ReleaseJournal } from '../electron/services/journal/release-journal';
import { RollbackService } from '../electron/services/rollback/rollback-service';
import { RunningDeploys } from '../electron/services/rollback/running-deploys';
import { trustNamedFolder } from '../electron/services/trust/workspace-trust';
import { loadWorkspaceConfig } from '../electron/services/workspace/load-config';
import { workspaceDataDir } from '../electron/services/workspace/workspace-data';
import type { EventDraft } from '../shared/releases/release-events';
import { releaseStory } from '../tests/fixtures/release-events';

const RUNS = Number(process.env.ROLLBACK_BENCH_RUNS ?? 50);
const HISTORY = Number(process.env.ROLLBACK_BENCH_HISTORY ?? 250);
const bin = path.join(process.cwd(), 'bin', 'release-desk.js');

function percentile(sorted: readonly number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? Number.NaN;
}
function summary(label: string, samples: readonly number[]): string {
  const sorted = [...samples].sort((a, b) => a - b);
  return `${label.padEnd(58)} p50 ${percentile(sorted, 50).toFixed(2).padStart(8)} ms   p95 ${percentile(sorted, 95).toFixed(2).padStart(8)} ms   (n=${samples.length})`;
}

/** A server that accepts every request and never answers (GitHub and Slack "hanging"). */
async function hangingServer(): Promise<{ url: string; requests: () => number; close: () => Promise<void> }> {
  let requests = 0;
  const server = http.createServer(() => {
    requests += 1;
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('no port');
  return {
    url: `http://127.0.0.1:${address.port}`,
    requests: () => requests,
    close: async () => {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/** `count` released and merged releases with release notes, as hash-chained journal lines (written at once). */
function historyLines(count: number): string {
  const story = releaseStory({ start: '2025-01-06T09:00:00.000Z' });
  for (let index = 0; index < count; index += 1) {
    story.plan({ branch: `feature/change-${index}` }).stage1().signOffAll().preflight().switchover().verdict('healthy').merge();
    const commits = Array.from({ length: 8 }, (_, commit) => ({
      sha: (index * 8 + commit).toString(16).padStart(40, 'a'),
      subject: `Change ${index}.${commit}: adjust the pricing table and its tests`,
      author: 'erin',
      pullRequest: { number: 1000 + index, title: `Pricing change ${index}` },
      committedAt: '2025-01-05T10:00:00.000Z',
    }));
    story.add('release-notes', { commits });
  }
  return story.events.map((event) => `${JSON.stringify(event)}\n`).join('');
}

async function appendReleased(journal: ReleaseJournal): Promise<void> {
  const ids = new Map<string, string>();
  for (const draft of releaseStory().plan().stage1().signOffAll().preflight().switchover().drafts) {
    await journal.append(({ seq }) => {
      if (draft.type === 'planned' && draft.releaseId !== null) ids.set(draft.releaseId, `r${seq}`);
      return { ...draft, at: new Date().toISOString(), releaseId: draft.releaseId === null ? null : (ids.get(draft.releaseId) ?? draft.releaseId) } as EventDraft;
    });
  }
}

const loadAtStart = loadavg()[0] ?? Number.NaN;
const dir = mkdtempSync(path.join(tmpdir(), 'rollback-bench-'));
const configDir = path.join(dir, '.desk-config');
const github = await hangingServer();
const slack = await hangingServer();
const production = http.createServer((_request, response) => {
  const version = (() => {
    try {
      return readFileSync(path.join(dir, 'live-version'), 'utf8').trim();
    } catch {
      return '';
    }
  })();
  response.writeHead(200, { 'content-type': 'application/json' });
  response.end(JSON.stringify({ status: 'ok', version }));
});
await new Promise<void>((resolve) => production.listen(0, '127.0.0.1', resolve));
const productionAddress = production.address();
if (productionAddress === null || typeof productionAddress === 'string') throw new Error('no port');

try {
  execFileSync('git', ['init', '--quiet', dir]);
  execFileSync('git', ['-C', dir, 'config', 'user.email', 'dave']);
  writeFileSync(path.join(dir, 'live-version'), '3f1c2ab'.padEnd(40, '0'));
  const writeConfig = (rollback: string) =>
    writeFileSync(
      path.join(dir, 'release-desk.yml'),
      stringify({
        version: 1,
        repository: { path: '.', mainBranch: 'master' },
        ci: { provider: 'local' },
        localTests: { command: 'true' },
        environments: {
          production: {
            commands: { stage1: 'true', switchover: 'true', rollback, currentVersion: 'cat live-version' },
            health: [{ name: 'web', url: `http://127.0.0.1:${productionAddress.port}/health`, versionField: 'version' }],
          },
        },
        people: { coordinators: ['alice@welkin.example'], onCall: ['dave'] },
      }),
    );
  writeConfig('printf %s "$PREVIOUS_SHA" > live-version');
  const load = await loadWorkspaceConfig(dir);
  if (load.kind !== 'valid') throw new Error(JSON.stringify(load));
  const config = load.config;
  const dataDir = workspaceDataDir(configDir, dir);
  if (HISTORY > 0) {
    mkdirSync(dataDir, { recursive: true });
    writeFileSync(journalFileFor(dataDir), historyLines(HISTORY));
  }
  const journal = openReleaseJournal({ file: journalFileFor(dataDir) });
  // The release's own events come from another writer, as in the app (the release service keeps
  // its own journal): the rollback service then finds the file grown since it last read it.
  const releaseWriter = openReleaseJournal({ file: journalFileFor(dataDir) });

  // The team updates as the outbox's delivery would make them, against servers that hang.
  const teamUpdates = {
    enqueue: async (message: { kind: string }) => {
      await fetch(`${message.kind.startsWith('slack') ? slack.url : github.url}/hang`, { method: 'POST', body: JSON.stringify(message) });
    },
  };
  let spawnedAt = 0;
  const service = new RollbackService({
    journal,
    config: () => config,
    workspaceDir: dir,
    dataDir,
    // The app resolves who "I" am once (a cached login); the hot path does not spawn git.
    identity: async () => 'dave',
    running: new RunningDeploys(path.join(dataDir, 'releases', 'running')),
    trust: () => trustNamedFolder(dir),
    teamUpdates,
    onSpawned: () => {
      spawnedAt = performance.now();
    },
  });

  const serviceSamples: number[] = [];
  const confirmedSamples: number[] = [];
  const preparedSamples: number[] = [];
  const floorSamples: number[] = [];
  const spawnSamples: number[] = [];
  // The app prepares the next rollback when the journal changes (RollbackRuntimes); an older
  // checkout's service has no such step, and its row stays empty.
  const prepare = (service as { prepare?: () => Promise<void> }).prepare?.bind(service);
  const modes = prepare === undefined ? 2 : 3;
  for (let run = 0; run < modes * RUNS; run += 1) {
    await appendReleased(releaseWriter);
    writeFileSync(path.join(dir, 'live-version'), '3f1c2ab'.padEnd(40, '0'));
    // Runs in turn: cold; as the window does it, the confirmation (preview) first, then the
    // click; as the app does it, prepared after the journal grew, then the click.
    const mode = run % modes;
    const confirmed = mode === 1;
    if (confirmed) await service.preview('production');
    if (mode === 2) await prepare?.();
    const started = performance.now();
    const outcome = await service.rollback({ environment: 'production' });
    if (outcome.kind !== 'rolled-back') throw new Error(`run ${run}: ${outcome.message}`);
    [serviceSamples, confirmedSamples, preparedSamples][mode]?.push(spawnedAt - started);
    await journal.append(() => ({ at: new Date().toISOString(), actor: 'dave', type: 'lock-released', releaseId: null, environment: 'production', data: { reason: 'bench' } }) as EventDraft);
    if (mode !== 0) continue;
    // The floor: one fsync'ed append of the same size class, on the same journal.
    const before = performance.now();
    await journal.append(() => ({ at: new Date().toISOString(), actor: 'dave', type: 'lock-taken', releaseId: null, environment: 'staging', data: { reason: 'bench floor' } }) as EventDraft);
    floorSamples.push(performance.now() - before);
    // The other floor: a bare spawn, as the runner makes it (detached, piped), from this process.
    const spawnStarted = performance.now();
    const bare = spawn('/bin/sh', ['-c', 'true'], { detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
    spawnSamples.push(performance.now() - spawnStarted);
    await new Promise((resolve) => bare.on('close', resolve));
  }

  if (process.env.ROLLBACK_BENCH_SERVICE_ONLY === '1') {
    console.log(summary('rollback start in the service, cold (call -> spawn)', serviceSamples));
    console.log(summary('rollback start in the service after its confirmation', confirmedSamples));
    if (preparedSamples.length > 0) console.log(summary('rollback start in the service, prepared (the app)', preparedSamples));
    console.log(summary('floor: one fsync\'ed journal append', floorSamples));
    console.log(summary('floor: one bare spawn (sh -c true) from this process', spawnSamples));
    console.log(`load average (1 min) ${loadAtStart.toFixed(1)} at the start, ${(loadavg()[0] ?? Number.NaN).toFixed(1)} at the end`);
    process.exit(0);
  }
  // From the CLI's process start: the rollback command's first action stamps the time.
  writeConfig('date +%s%N > spawned-at; printf %s "$PREVIOUS_SHA" > live-version');
  const cliSamples: number[] = [];
  const beforeSamples: number[] = [];
  const nodeSamples: number[] = [];
  const env = { ...process.env, RELEASE_DESK_CONFIG_DIR: configDir, GITHUB_API_URL: github.url, SLACK_API_URL: slack.url };
  const beforeBin = process.env.ROLLBACK_BENCH_BEFORE;
  /** One CLI rollback of a fresh release: ms from the process start to the command's first action. */
  const cliRollback = async (cli: string, run: number): Promise<number> => {
    await appendReleased(journal);
    writeFileSync(path.join(dir, 'live-version'), '3f1c2ab'.padEnd(40, '0'));
    const startedMs = Date.now();
    const code = await new Promise<number>((resolve) => {
      const child = spawn(process.execPath, [cli, 'rollback', '--yes', '--workspace', dir], { env, stdio: 'ignore' });
      child.on('close', (exit) => resolve(exit ?? -1));
    });
    if (code !== 0) throw new Error(`CLI run ${run} (${cli}) exited ${code}`);
    const stampedMs = Number(BigInt(readFileSync(path.join(dir, 'spawned-at'), 'utf8').trim()) / 1000n) / 1000;
    await journal.append(() => ({ at: new Date().toISOString(), actor: 'dave', type: 'lock-released', releaseId: null, environment: 'production', data: { reason: 'bench' } }) as EventDraft);
    return stampedMs - startedMs;
  };
  // Warm-up: the first run parses release-desk.yml and saves the parse (every later one reuses it).
  await cliRollback(bin, -1);
  for (let run = 0; run < RUNS; run += 1) {
    cliSamples.push(await cliRollback(bin, run));
    if (beforeBin !== undefined) beforeSamples.push(await cliRollback(beforeBin, run));
    // Reference: a bare Node start to its first line of code.
    const nodeStarted = Date.now();
    const nodeStamp = await new Promise<number>((resolve) => {
      const child = spawn(process.execPath, ['-e', 'process.stdout.write(String(Date.now()))'], { stdio: ['ignore', 'pipe', 'ignore'] });
      let out = '';
      child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
      child.on('close', () => resolve(Number(out)));
    });
    nodeSamples.push(nodeStamp - nodeStarted);
  }

  console.log(`GitHub and Slack hang on every request (${github.requests() + slack.requests()} requests received, none answered)`);
  const journalRead = await journal.read();
  console.log(`journal at the end: ${journalRead.events.length} events, ${Math.round(statSync(journalFileFor(dataDir)).size / 1024)} KB (${HISTORY} releases of history at the start)`);
  console.log(summary('rollback start in the service, cold (call -> spawn)', serviceSamples));
  console.log(summary('rollback start in the service after its confirmation', confirmedSamples));
  if (preparedSamples.length > 0) console.log(summary('rollback start in the service, prepared (the app)', preparedSamples));
  console.log(summary('floor: one fsync\'ed journal append', floorSamples));
  console.log(summary('floor: one bare spawn (sh -c true) from this process', spawnSamples));
  console.log(summary('rollback start from the CLI process start (-> command runs)', cliSamples));
  if (beforeBin !== undefined) console.log(summary('  the same with ROLLBACK_BENCH_BEFORE, run alternately', beforeSamples));
  console.log(summary('reference: node -e start to its first line', nodeSamples));
  console.log('goals: p95 < 10 ms in the service, < 150 ms from the CLI start');
  console.log(`load average (1 min) ${loadAtStart.toFixed(1)} at the start, ${(loadavg()[0] ?? Number.NaN).toFixed(1)} at the end, on ${String(availableParallelism())} cores`);
} finally {
  await github.close();
  await slack.close();
  production.closeAllConnections();
  await new Promise<void>((resolve) => production.close(() => resolve()));
  rmSync(dir, { recursive: true, force: true });
}
process.exit(0);
