/**
 * Issue 8's log throughput: a step command printing 100,000 lines as fast as it can.
 *  - Release Desk: Stage 1 run by the ReleaseService, its output delivered through the
 *    batched `releases.output` emitter (every 50 ms or 500 lines), each event serialised as
 *    IPC would (JSON);
 *  - naive baseline, same run: the same command through the same runner, one event per line.
 * Reported: lines/s delivered (first spawn to last line delivered), events sent, and the p95
 * delay from print (the child stamps each line) to delivery. Goal ≥ 50,000 lines/s, p95 < 100 ms.
 * Medians of 3 runs. Talks only to 127.0.0.1.
 */
import { spawn } from 'node:child_process';
import { chmod, mkdtemp, rm, writeFile } from 'node:fs/promises';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { stringify } from 'yaml';
import { journalFileFor, openReleaseJournal } from '../electron/services/journal/release-journal';
import { ReleaseService } from '../electron/services/releases/release-service';
import { trustNamedFolder } from '../electron/services/trust/workspace-trust';
import { createRecordingTeamUpdates } from '../electron/services/releases/team-updates';
import { runCommand } from '../electron/services/runner/run-command';
import { loadWorkspaceConfig } from '../electron/services/workspace/load-config';
import { linesOfChunks } from '../shared/releases/output-lines';
import { createTestRepo } from '../tests/fixtures/git-repo';

const LINES = 100_000;
const RUNS = 3;
// Each line carries the wall-clock moment it was printed (ms, fractional).
const PRINTER = `const out=[];let n=0;const flush=()=>{process.stdout.write(out.join(''));out.length=0};
for(let i=0;i<${LINES};i++){out.push('line '+i+' at '+(performance.timeOrigin+performance.now()).toFixed(3)+'\\n');if(out.length===200)flush()}
flush();process.stdout.write('PREVIEW_URL='+process.env.BENCH_PREVIEW_URL+'\\n');`;

interface Figures {
  readonly linesPerSecond: number;
  readonly p95DelayMs: number;
  readonly events: number;
  readonly lines: number;
}

const now = () => performance.timeOrigin + performance.now();
const printedAt = (text: string) => Number(/ at (\d+\.\d+)$/.exec(text)?.[1] ?? NaN);

function figures(started: number, delays: number[], events: number, lastAt: number): Figures {
  delays.sort((a, b) => a - b);
  return {
    linesPerSecond: Math.round(delays.length / ((lastAt - started) / 1000)),
    p95DelayMs: delays[Math.floor(delays.length * 0.95)] ?? NaN,
    events,
    lines: delays.length,
  };
}

async function main(): Promise<void> {
  const repo = await createTestRepo();
  const dataDir = await mkdtemp(path.join(os.tmpdir(), 'bench-release-log-'));
  const preview = http.createServer((_request, response) => response.end('ok'));
  await new Promise<void>((resolve) => preview.listen(0, '127.0.0.1', resolve));
  const address = preview.address();
  const previewUrl = `http://127.0.0.1:${typeof address === 'object' && address !== null ? address.port : 0}`;
  try {
    await repo.commit('master', { 'README.md': 'bench\n' });
    await repo.git('push', '--quiet', 'origin', 'master');
    await repo.git('checkout', '--quiet', '-b', 'feat/flood', 'master');
    const sha = await repo.commit('feat/flood', { 'x.txt': 'x\n' });
    await repo.git('push', '--quiet', 'origin', 'feat/flood');
    await writeFile(path.join(repo.root, 'flood.js'), PRINTER);
    await chmod(path.join(repo.root, 'flood.js'), 0o644);
    const stage1 = `${JSON.stringify(process.execPath)} flood.js`;
    await writeFile(
      path.join(repo.root, 'release-desk.yml'),
      stringify({
        version: 1,
        repository: { path: './clone' },
        ci: { provider: 'local' },
        localTests: { command: 'true' },
        environments: { production: { commands: { stage1, switchover: 'true', rollback: 'true', currentVersion: 'true' } } },
        people: { coordinators: ['bench@example.com'], onCall: ['bench@example.com'], signOff: ['bench@example.com'] },
      }),
    );
    const load = await loadWorkspaceConfig(repo.root);
    if (load.kind !== 'valid') throw new Error(JSON.stringify(load));
    const env = { ...process.env, BENCH_PREVIEW_URL: previewUrl };

    const batched = async (): Promise<Figures> => {
      const delays: number[] = [];
      let events = 0;
      let lastAt = 0;
      const service = new ReleaseService({
        journal: openReleaseJournal({ file: journalFileFor(dataDir) }),
        config: load.config,
        workspaceDir: repo.root,
        dataDir,
        now: () => new Date(),
        identity: async () => ({ id: 'bench@example.com', source: 'git-config' }),
        teamUpdates: createRecordingTeamUpdates(),
        secrets: () => ['not-in-the-output-but-scanned-for'],
        eligibility: async () => ({ headSha: sha, eligible: true, summary: 'eligible', pullRequest: null }),
        github: null,
        trust: () => trustNamedFolder(repo.root),
        onChanged: () => undefined,
        onOutput: (batch) => {
          const wire = JSON.stringify(batch); // what IPC would carry
          const at = now();
          events++;
          for (const line of linesOfChunks((JSON.parse(wire) as typeof batch).chunks)) {
            const printed = printedAt(line);
            if (!Number.isNaN(printed)) delays.push(at - printed);
          }
          lastAt = at;
        },
        baseEnv: env,
      });
      const planned = await service.plan({ environment: 'production', branch: 'feat/flood' });
      const started = now();
      const view = await service.startStage1(planned.state.id);
      if (view.state.phase !== 'exercising') throw new Error(`stage1 did not succeed: ${JSON.stringify(view.state.steps[0])}`);
      await service.abort(planned.state.id, 'bench run over');
      return figures(started, delays, events, lastAt);
    };

    const naive = async (): Promise<Figures> => {
      const delays: number[] = [];
      let events = 0;
      let lastAt = 0;
      let partial = '';
      const started = now();
      await runCommand(stage1, {
        cwd: repo.root,
        env: { BENCH_PREVIEW_URL: previewUrl },
        baseEnv: env,
        secrets: ['not-in-the-output-but-scanned-for'],
        logFile: path.join(dataDir, 'naive.log'),
        onOutput: (chunk) => {
          const parts = (partial + chunk).split('\n');
          partial = parts.pop() ?? '';
          for (const text of parts) {
            const wire = JSON.stringify({ releaseId: 'r0', step: 'stage1', attempt: 1, lines: [{ at: new Date().toISOString(), stream: 'stdout', text }] });
            const at = now();
            events++;
            const printed = printedAt((JSON.parse(wire) as { lines: { text: string }[] }).lines[0]?.text ?? '');
            if (!Number.isNaN(printed)) delays.push(at - printed);
            lastAt = at;
          }
        },
      });
      return figures(started, delays, events, lastAt);
    };

    // The floor: the same child read straight from its pipe, nothing done with the lines.
    // Node buffers a fast writer's output in the child, so "print" to arrival is not zero even here.
    const floor = async (): Promise<Figures> => {
      const delays: number[] = [];
      let lastAt = 0;
      let partial = '';
      const started = now();
      await new Promise<void>((resolve, reject) => {
        const child = spawn(process.execPath, ['flood.js'], { cwd: repo.root, env, stdio: ['ignore', 'pipe', 'ignore'] });
        child.stdout.setEncoding('utf8');
        child.stdout.on('data', (chunk: string) => {
          const at = now();
          const parts = (partial + chunk).split('\n');
          partial = parts.pop() ?? '';
          for (const text of parts) {
            const printed = printedAt(text);
            if (!Number.isNaN(printed)) delays.push(at - printed);
          }
          lastAt = at;
        });
        child.on('error', reject);
        child.on('close', () => resolve());
      });
      return figures(started, delays, 0, lastAt);
    };

    const runs: { batched: Figures; naive: Figures; floor: Figures }[] = [];
    for (let i = 0; i < RUNS; i++) runs.push({ batched: await batched(), naive: await naive(), floor: await floor() });
    const mid = <K extends keyof Figures>(which: 'batched' | 'naive' | 'floor', key: K) => runs.map((run) => run[which][key]).sort((a, b) => a - b)[1] as number;
    console.log(`log throughput, ${LINES.toLocaleString('en')} lines printed as fast as possible (median of ${RUNS})`);
    console.log(`  Release Desk (batched releases.output): ${mid('batched', 'linesPerSecond').toLocaleString('en')} lines/s, p95 print→emit ${mid('batched', 'p95DelayMs').toFixed(1)} ms, ${mid('batched', 'events')} events for ${mid('batched', 'lines').toLocaleString('en')} lines (goal ≥ 50,000 lines/s, p95 < 100 ms)`);
    console.log(`  naive (one event per line, same run):   ${mid('naive', 'linesPerSecond').toLocaleString('en')} lines/s, p95 print→emit ${mid('naive', 'p95DelayMs').toFixed(1)} ms, ${mid('naive', 'events').toLocaleString('en')} events`);
    console.log(`  floor (the bare pipe, lines discarded): ${mid('floor', 'linesPerSecond').toLocaleString('en')} lines/s, p95 print→arrival ${mid('floor', 'p95DelayMs').toFixed(1)} ms`);
  } finally {
    await new Promise((resolve) => preview.close(resolve));
    await repo.cleanup();
    await rm(dataDir, { recursive: true, force: true });
  }
}

await main();
