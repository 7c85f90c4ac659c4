/**
 * Issue 9's monitor cost: 20 probes at 1 s for 60 s (MONITOR_BENCH_SECONDS for quick runs).
 * The 20 targets are real HTTP servers on 127.0.0.1 in a child process (so serving them is
 * not counted here). This process plays the main process: the real MonitorRuntimes probes
 * them and pushes each reading through the real browser bridge to the built renderer's
 * Monitor view (dist/, `npm run build` first) in Debian's Chromium.
 *  - main-process CPU: process.cpuUsage() over the window, per second and per probe reading;
 *  - renderer: requestAnimationFrame deltas (p50/p95/max), long tasks (> 50 ms), and Chromium's
 *    own main-thread task time (CDP Performance.getMetrics TaskDuration) over the window.
 * Variants, same run:
 *  - floor: a bare `fetch` of each target every second and its body read, nothing else;
 *  - monitor alone: the monitor with no window (its own floor: probes, alert rules);
 *  - Release Desk: one small `monitor.reading` per reading (only that probe's chart redraws);
 *  - naive baseline: each reading re-sends every probe's latest reading (20 events per
 *    reading), so every chart is redrawn on every sample.
 * Medians of MONITOR_BENCH_RUNS runs (default 3). Talks only to 127.0.0.1.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { chromium, type Browser } from 'playwright-core';
import { startBrowserBridge, type BrowserBridge } from '../electron/bridge/browser-bridge';
import { createHandlers } from '../electron/services/handlers';
import { MonitorRuntimes } from '../electron/services/monitor/monitor-runtimes';
import { WorkspaceConfigSchema, type WorkspaceConfig } from '../shared/config/workspace-config';
import type { MonitorReading } from '../shared/monitor/monitor-ipc';
import { testHandlerDeps } from '../tests/fixtures/handler-deps';
import { CHROMIUM_ARGS, chromiumExecutable } from '../tests/e2e/chromium';

const PROBES = 20;
const SECONDS = Number(process.env.MONITOR_BENCH_SECONDS ?? 60);
const RUNS = Number(process.env.MONITOR_BENCH_RUNS ?? 3);
const VERSION = '3f1c2ab'.padEnd(40, '0');
const FOLDER = '/bench/monitor-cost';

const root = process.cwd();
const dist = path.join(root, 'dist');

type Variant = 'floor' | 'alone' | 'desk' | 'naive';

interface Figures {
  /** Main-process CPU (user + system) per second of wall time, ms. */
  readonly cpuMsPerSecond: number;
  /** The same per probe reading, µs. */
  readonly cpuUsPerReading: number;
  readonly readings: number;
  readonly events: number;
  readonly frameP50Ms: number;
  readonly frameP95Ms: number;
  readonly frameMaxMs: number;
  readonly longTasks: number;
  readonly longTaskMs: number;
  /** Renderer main-thread task time per second of wall time, ms (CDP TaskDuration). */
  readonly rendererTaskMsPerSecond: number;
}

/** 20 HTTP targets in a child process; resolves with their URLs. */
async function startTargets(): Promise<{ readonly urls: readonly string[]; readonly child: ChildProcess }> {
  const script = `const http=require('node:http');const ports=[];let open=0;
for(let i=0;i<${PROBES};i++){const s=http.createServer((q,r)=>{r.writeHead(200,{'content-type':'application/json'});r.end(JSON.stringify({status:'ok',version:'${VERSION}',n:i}))});
s.listen(0,'127.0.0.1',()=>{ports[i]=s.address().port;if(++open===${PROBES})process.stdout.write(JSON.stringify(ports)+'\\n')})}`;
  const child = spawn(process.execPath, ['-e', script], { stdio: ['ignore', 'pipe', 'inherit'] });
  const ports = await new Promise<number[]>((resolve, reject) => {
    let text = '';
    child.stdout?.setEncoding('utf8');
    child.stdout?.on('data', (chunk: string) => {
      text += chunk;
      if (text.includes('\n')) resolve(JSON.parse(text) as number[]);
    });
    child.on('error', reject);
    child.on('exit', (code) => reject(new Error(`the targets exited (${code ?? 'signal'})`)));
  });
  return { urls: ports.map((port) => `http://127.0.0.1:${port}/health`), child };
}

function configFor(urls: readonly string[]): WorkspaceConfig {
  const parsed = WorkspaceConfigSchema.parse({
    version: 1,
    name: 'monitor cost',
    repository: { path: '.' },
    ci: { provider: 'local' },
    localTests: { command: 'true' },
    environments: {
      production: {
        commands: { stage1: 'true', switchover: 'true', rollback: 'true', currentVersion: 'true' },
        health: urls.map((url, index) => ({ name: `probe-${String(index + 1).padStart(2, '0')}`, url, versionField: 'version', intervalSeconds: 1, timeoutSeconds: 1 })),
      },
    },
  });
  return { ...parsed, name: 'monitor cost' };
}

interface Host {
  bridge: BrowserBridge | null;
  variant: Variant;
  readings: number;
  events: number;
}

function startMonitor(host: Host): MonitorRuntimes {
  const latest = new Map<string, MonitorReading>();
  return new MonitorRuntimes({
    expectedVersion: () => VERSION,
    emit: (event, payload) => {
      if (event !== 'monitor.reading') return;
      host.readings++;
      const bridge = host.bridge;
      if (bridge === null || host.variant === 'alone') return;
      const reading = payload as MonitorReading;
      if (host.variant === 'desk') {
        host.events++;
        bridge.push('monitor.reading', reading);
        return;
      }
      // Naive: the whole environment again on every reading, one event per probe.
      latest.set(reading.probe, reading);
      for (const each of latest.values()) {
        host.events++;
        bridge.push('monitor.reading', each);
      }
    },
  });
}

/** The page's frame probe: rAF deltas and long tasks until `stop()` is called from the bench. */
const INSTALL_PROBE = () => {
  const state = { deltas: [] as number[], longTasks: [] as number[], last: 0, running: true };
  (window as unknown as { __bench: typeof state }).__bench = state;
  new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) state.longTasks.push(entry.duration);
  }).observe({ type: 'longtask' });
  const frame = (at: number) => {
    if (state.last !== 0) state.deltas.push(at - state.last);
    state.last = at;
    if (state.running) requestAnimationFrame(frame);
  };
  requestAnimationFrame(frame);
};

const STOP_PROBE = () => {
  const state = (window as unknown as { __bench: { deltas: number[]; longTasks: number[]; running: boolean } }).__bench;
  state.running = false;
  return { deltas: state.deltas, longTasks: state.longTasks };
};

const percentile = (values: readonly number[], fraction: number) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * fraction))] ?? NaN;
};

/** The floor: what fetching 20 targets every second costs this process, with no monitor at all. */
async function runFloor(urls: readonly string[]): Promise<Figures> {
  let readings = 0;
  const timers = urls.map((url) =>
    setInterval(() => {
      void fetch(url)
        .then((response) => response.text())
        .then(() => readings++, () => undefined);
    }, 1000),
  );
  try {
    await new Promise((resolve) => setTimeout(resolve, 2000)); // past the first, cold requests
    const before = readings;
    const cpuBefore = process.cpuUsage();
    const wallBefore = performance.now();
    await new Promise((resolve) => setTimeout(resolve, SECONDS * 1000));
    const cpu = process.cpuUsage(cpuBefore);
    const wall = (performance.now() - wallBefore) / 1000;
    const cpuMs = (cpu.user + cpu.system) / 1000;
    const counted = readings - before;
    return { cpuMsPerSecond: cpuMs / wall, cpuUsPerReading: (cpuMs * 1000) / Math.max(1, counted), readings: counted, events: 0, frameP50Ms: NaN, frameP95Ms: NaN, frameMaxMs: NaN, longTasks: 0, longTaskMs: 0, rendererTaskMsPerSecond: NaN };
  } finally {
    for (const timer of timers) clearInterval(timer);
  }
}

async function run(browser: Browser, bridgeFor: (monitors: MonitorRuntimes) => Promise<BrowserBridge>, config: WorkspaceConfig, variant: Variant): Promise<Figures> {
  const host: Host = { bridge: null, variant, readings: 0, events: 0 };
  const monitors = startMonitor(host);
  monitors.overview(FOLDER, config);
  const bridge = await bridgeFor(monitors);
  host.bridge = bridge;
  const page = variant === 'alone' ? null : await browser.newPage({ viewport: { width: 1440, height: 900 } });
  try {
    let cdp = null;
    if (page !== null) {
      page.on('pageerror', (error) => console.error(`[page] ${error.message}`));
      await page.goto(`${bridge.origin}${new URL(bridge.url).search}#/monitor`);
      await page.getByTestId('probe-state-probe-20').waitFor();
      // Every chart has its first readings before the window opens.
      await page.waitForFunction(() => document.querySelectorAll('.latency-chart canvas').length >= 20);
      cdp = await page.context().newCDPSession(page);
      await cdp.send('Performance.enable');
      await page.evaluate(INSTALL_PROBE);
    } else {
      await new Promise((resolve) => setTimeout(resolve, 2000)); // past the first, cold requests
    }
    const taskBefore = cdp === null ? 0 : metric(await cdp.send('Performance.getMetrics'), 'TaskDuration');
    const readingsBefore = host.readings;
    const eventsBefore = host.events;
    const cpuBefore = process.cpuUsage();
    const wallBefore = performance.now();
    await new Promise((resolve) => setTimeout(resolve, SECONDS * 1000));
    const cpu = process.cpuUsage(cpuBefore);
    const wall = (performance.now() - wallBefore) / 1000;
    const readings = host.readings - readingsBefore;
    const events = host.events - eventsBefore;
    const taskAfter = cdp === null ? 0 : metric(await cdp.send('Performance.getMetrics'), 'TaskDuration');
    const probed = page === null ? { deltas: [], longTasks: [] } : await page.evaluate(STOP_PROBE);
    const cpuMs = (cpu.user + cpu.system) / 1000;
    return {
      cpuMsPerSecond: cpuMs / wall,
      cpuUsPerReading: (cpuMs * 1000) / Math.max(1, readings),
      readings,
      events,
      frameP50Ms: percentile(probed.deltas, 0.5),
      frameP95Ms: percentile(probed.deltas, 0.95),
      frameMaxMs: probed.deltas.length === 0 ? NaN : Math.max(...probed.deltas),
      longTasks: probed.longTasks.length,
      longTaskMs: probed.longTasks.reduce((sum, duration) => sum + duration, 0),
      rendererTaskMsPerSecond: ((taskAfter - taskBefore) * 1000) / wall,
    };
  } finally {
    await page?.close();
    await monitors.stopAll();
    await bridge.close();
  }
}

function metric(result: { metrics: { name: string; value: number }[] }, name: string): number {
  return result.metrics.find((entry) => entry.name === name)?.value ?? NaN;
}

async function main(): Promise<void> {
  if (!existsSync(path.join(dist, 'renderer', 'index.html')) || !existsSync(path.join(dist, 'bridge', 'desk-client.js'))) {
    throw new Error(`The built renderer is missing under ${dist}: run \`npm run build\` first.`);
  }
  const targets = await startTargets();
  const config = configFor(targets.urls);
  const profile = await mkdtemp(path.join(os.tmpdir(), 'bench-monitor-cost-'));
  const bridgeFor = (monitors: MonitorRuntimes) =>
    startBrowserBridge({
      rendererDir: path.join(dist, 'renderer'),
      clientScript: path.join(dist, 'bridge', 'desk-client.js'),
      handlers: {
        ...createHandlers(testHandlerDeps({ host: 'browser-bridge', version: '0.0.0-bench' })),
        'workspace.getStatus': () => ({ kind: 'ready', path: FOLDER, name: 'Monitor cost' }),
        'monitor.overview': () => monitors.overview(FOLDER, config),
        'releases.overview': () => ({ viewer: { id: 'bench', source: 'git-config', roles: [] }, environments: [] }),
      },
      logInternal: (call, error) => console.error(`[bridge] ${call}`, error),
      secrets: () => [],
    });
  let browser: Browser | null = null;
  try {
    browser = await chromium.launch({
      executablePath: chromiumExecutable(),
      args: CHROMIUM_ARGS,
      headless: true,
      env: { ...process.env, XDG_CONFIG_HOME: path.join(profile, 'config'), XDG_CACHE_HOME: path.join(profile, 'cache') },
    });
    const variants: readonly Variant[] = ['floor', 'alone', 'desk', 'naive'];
    const runs: Record<Variant, Figures[]> = { floor: [], alone: [], desk: [], naive: [] };
    for (let i = 0; i < RUNS; i++) {
      for (const variant of variants) {
        const figures = variant === 'floor' ? await runFloor(targets.urls) : await run(browser, bridgeFor, config, variant);
        runs[variant].push(figures);
        console.log(`  run ${i + 1} ${variant}: ${JSON.stringify(Object.fromEntries(Object.entries(figures).map(([key, value]) => [key, Math.round(value * 10) / 10])))}`);
      }
    }
    const median = (variant: Variant, key: keyof Figures) => percentile(runs[variant].map((figures) => figures[key]), 0.5);
    const cell = (value: number, digits = 1) => (Number.isFinite(value) ? value.toFixed(digits) : '–');
    console.log(`monitor cost: ${PROBES} probes at 1 s for ${SECONDS} s (median of ${RUNS}; load ${os.loadavg().map((load) => load.toFixed(1)).join(' ')})`);
    console.log(
      `  ${''.padEnd(30)} ${'main CPU ms/s'.padStart(13)} ${'µs/reading'.padStart(10)} ${'readings'.padStart(8)} ${'events'.padStart(7)} ${'frame p50'.padStart(9)} ${'p95'.padStart(6)} ${'max'.padStart(6)} ${'long tasks'.padStart(10)} ${'renderer ms/s'.padStart(13)}`,
    );
    for (const [name, variant] of [
      ['floor: bare fetch, no monitor', 'floor'],
      ['monitor alone (no window)', 'alone'],
      ['Release Desk', 'desk'],
      ['naive (every chart per sample)', 'naive'],
    ] as const) {
      console.log(
        `  ${name.padEnd(30)} ${cell(median(variant, 'cpuMsPerSecond')).padStart(13)} ${cell(median(variant, 'cpuUsPerReading'), 0).padStart(10)} ${cell(median(variant, 'readings'), 0).padStart(8)} ${cell(median(variant, 'events'), 0).padStart(7)} ${cell(median(variant, 'frameP50Ms')).padStart(9)} ${cell(median(variant, 'frameP95Ms')).padStart(6)} ${cell(median(variant, 'frameMaxMs')).padStart(6)} ${`${cell(median(variant, 'longTasks'), 0)} / ${cell(median(variant, 'longTaskMs'), 0)} ms`.padStart(10)} ${cell(median(variant, 'rendererTaskMsPerSecond')).padStart(13)}`,
      );
    }
    const ratio = median('naive', 'rendererTaskMsPerSecond') / median('desk', 'rendererTaskMsPerSecond');
    const cpuRatio = median('naive', 'cpuMsPerSecond') / median('desk', 'cpuMsPerSecond');
    console.log(`  naive / Release Desk: renderer task time ×${cell(ratio, 2)}, main CPU ×${cell(cpuRatio, 2)}`);
    console.log('  main CPU: this process (monitor + bridge), user+system; frames: requestAnimationFrame deltas in the Monitor view; long tasks: count / total; renderer ms/s: CDP TaskDuration per second.');
  } finally {
    await browser?.close();
    targets.child.kill();
    await rm(profile, { recursive: true, force: true });
  }
}

await main();
