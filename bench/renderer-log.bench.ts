/**
 * Issue 8's log throughput, renderer side: a real child process prints 100,000 lines as fast
 * as it can while the built renderer (dist/, `npm run build` first) shows a running Stage 1 in
 * Debian's Chromium, fed through the real browser bridge.
 *  - Release Desk: the lines go through the release service's output batcher (every 50 ms or
 *    500 lines), one `releases.output` event per batch, its lines joined in a few chunks;
 *  - naive baseline, same run: one `releases.output` event per line.
 * In the page a requestAnimationFrame probe notes, each frame, the newest line rendered at the
 * log's end (the log follows its end). Each line counts as on screen at the first frame whose
 * newest line is at or past it. Reported: lines/s (first print to last line on screen), p95 of
 * screen time − print time over all lines, and the renderer's JS heap after a GC.
 * Goal ≥ 50,000 lines/s, p95 < 100 ms. Medians of 3 runs, after one unreported warm-up run.
 * Also the CPU time (not wall time) the page's main thread and this process (the app's main side)
 * spent on a run: on a loaded, shared machine those are what before/after comparisons can trust.
 * Chromium is driven over a bare DevTools pipe (bare-chromium.ts), not Playwright, whose Network
 * domain copies every WebSocket frame into DevTools events. Talks only to 127.0.0.1.
 */
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { chromium, type Browser } from 'playwright-core';
import { startBrowserBridge, type BrowserBridge } from '../electron/bridge/browser-bridge';
import type { Handlers } from '../electron/ipc/dispatch';
import { createOutputBatcher, type OutputChunk } from '../electron/services/releases/output-batcher';
import { createHandlers } from '../electron/services/handlers';
import { stagingSince } from '../tests/fixtures/release-views';
import { testHandlerDeps } from '../tests/fixtures/handler-deps';
import { CHROMIUM_ARGS, chromiumExecutable } from '../tests/e2e/chromium';
import { launchBareChromium } from './bare-chromium';

const LINES = 100_000;
/** RENDERER_LOG_RUNS=n: more runs for a steadier median on a loaded machine (3 otherwise). */
const RUNS = process.env.RENDERER_LOG_RUNS === undefined ? 3 : Number(process.env.RENDERER_LOG_RUNS);
/** RENDERER_LOG_BATCHED_ONLY=1: skip the naive baseline (for before/after comparisons of the page alone). */
const VARIANTS = process.env.RENDERER_LOG_BATCHED_ONLY === '1' ? (['batched'] as const) : (['batched', 'naive'] as const);
/**
 * RENDERER_LOG_PROFILE=dir: one batched run only, with the page's CPU profile written to
 * dir/page.cpuprofile (open it in Chromium's DevTools). For the main side, run the bundled
 * bench under `node --cpu-prof`.
 */
const PROFILE_DIR = process.env.RENDERER_LOG_PROFILE;
/** RENDERER_LOG_MAX_LINES=n: the batcher's maxLines for the batched variant (its default otherwise), to try batch sizes. */
const MAX_LINES = process.env.RENDERER_LOG_MAX_LINES === undefined ? undefined : Number(process.env.RENDERER_LOG_MAX_LINES);
/** RENDERER_LOG_DRIVER=playwright drives Chromium through Playwright (its Network domain on) instead of a bare DevTools pipe. */
const DRIVER = process.env.RENDERER_LOG_DRIVER === 'playwright' ? 'playwright' : 'bare';
/** RENDERER_LOG_TRACE=file: a Chromium trace of each batched run's burst (open it in chrome://tracing or Perfetto); bare driver only. */
const TRACE_TO = process.env.RENDERER_LOG_TRACE;
const TRACE_CATEGORIES = ['toplevel', 'blink', 'cc', 'v8.execute', 'devtools.timeline', 'disabled-by-default-devtools.timeline', 'mojom', 'net'];
/** RENDERER_LOG_DUMP=file: each run's raw moments (every line's print time, each push, each event heard, each frame's newest line), to see where a run's time went. */
const DUMP_TO = process.env.RENDERER_LOG_DUMP;
/** A run that has not shown its last line by then is cut off and reported as such. */
const RUN_LIMIT_MS = 30_000;
const SECRET = 'not-in-the-output-but-scanned-for';
// Each line carries the wall-clock moment it was printed (ms, fractional), as in release-log.bench.ts.
/**
 * RENDERER_LOG_PRINTER=blocking: the printer writes with fs.writeSync on its (blocking) stdout,
 * as a C program's stdio does, so a full pipe stops it; by default it uses process.stdout,
 * which queues in the printer's own memory once the pipe is full and stamps lines that are
 * not written yet (the figures of earlier sessions were taken that way).
 */
const BLOCKING_PRINTER = process.env.RENDERER_LOG_PRINTER === 'blocking';
const PRINTER = `const out=[];const flush=()=>{${BLOCKING_PRINTER ? "require('fs').writeSync(1,out.join(''))" : "process.stdout.write(out.join(''))"};out.length=0};
for(let i=0;i<${LINES};i++){out.push('line '+i+' at '+(performance.timeOrigin+performance.now()).toFixed(3)+'\\n');if(out.length===200)flush()}
flush();`;

// Bundled into node_modules/.cache/bench, so the project is found from the working directory (scripts/bench.mjs runs there).
const root = process.cwd();
const dist = path.join(root, 'dist');

type Variant = 'batched' | 'naive';

interface Figures {
  readonly linesPerSecond: number;
  readonly p95DelayMs: number;
  /**
   * p95 of print → the line read from the pipe by the main side: the printer's own queue (a
   * Node printer keeps writing into its own memory once the pipe is full) and the pipe.
   */
  readonly p95ReadMs: number;
  /** p95 of print → its event pushed by the bridge (main process: pipe, batcher, validation, send). */
  readonly p95PushedMs: number;
  /** p95 of print → the page's JS hearing its event (adds the WebSocket and the renderer's queue). */
  readonly p95ArrivalMs: number;
  /** p95 of the page's own share: its event heard → the line on screen (render, layout, the frame). */
  readonly p95PageMs: number;
  readonly shown: number;
  /** First print to last print: the printer's own pace, the floor for the whole run. */
  readonly printMs: number;
  readonly events: number;
  readonly heapMb: number;
  /**
   * CPU time (not wall time) spent from the first print to the last line on screen: by the
   * page's main thread (Chromium's ThreadTime metric) and by this process, which plays the
   * app's main side (pipe, batcher, bridge). On a shared, loaded machine wall times stretch
   * with the load; these stay put, so before/after comparisons read them first.
   */
  readonly pageCpuMs: number;
  readonly mainCpuMs: number;
  readonly complete: boolean;
}

/** Release handlers answering from fixtures: Stage 1 of r1 is running and started after the page began listening. */
function fixtureHandlers(): Handlers {
  const active = stagingSince(new Date(Date.now() + 3_600_000).toISOString());
  return {
    ...createHandlers(testHandlerDeps({ host: 'browser-bridge', version: '0.0.0-bench' })),
    'workspace.getStatus': () => ({ kind: 'ready', path: '/fixture', name: 'Fixture workspace' }),
    'releases.overview': () => ({
      viewer: active.viewer,
      environments: [
        {
          name: 'production',
          state: { environment: 'production', activeReleaseId: active.state.id, lock: null, liveHistory: [] },
          active,
          planRefusal: null,
        },
      ],
    }),
    'releases.history': () => [],
    'monitor.overview': () => ({ environments: [] }),
    'releases.stepLog': () => '',
  };
}

/**
 * Spawns the printer and hands its lines to the bridge as the variant does; resolves, once the
 * printer has ended, with the events pushed and a function that fills `printed` from what it
 * printed, to be called after the page has shown the last line.
 */
function feed(
  variant: Variant,
  bridge: BrowserBridge,
  printed: Float64Array,
  pushed: Array<[number, number]>,
  read: Array<[number, number]>,
): Promise<{ readonly events: number; readonly readPrintTimes: () => void }> {
  let events = 0;
  const send = (chunks: readonly OutputChunk[]) => {
    events++;
    bridge.push('releases.output', { releaseId: 'r1', step: 'stage1', attempt: 1, chunks: [...chunks] });
    const last = chunks.at(-1)?.text ?? '';
    const match = /^line (\d+) at /.exec(last.slice(last.lastIndexOf('\n') + 1));
    if (match !== null) pushed.push([performance.timeOrigin + performance.now(), Number(match[1])]);
  };
  const batcher = createOutputBatcher({ emit: send, ...(MAX_LINES === undefined ? {} : { maxLines: MAX_LINES }) });
  // Print times are read once the run is over: parsing every line as it came ran on the
  // same thread as the batcher and the bridge, and delayed what is measured; parsing them when
  // the printer ended took ~25 ms of CPU from the page while it was still drawing the burst.
  const received: string[] = [];
  const record = (chunk: string) => received.push(chunk);
  // The newest whole line each read brought (a read can end inside a line).
  const noteRead = (chunk: string) => {
    const end = chunk.lastIndexOf('\n');
    const match = end === -1 ? null : / (\d+) at [^\n]*$/.exec(chunk.slice(chunk.lastIndexOf('\n', end - 1) + 1, end));
    if (match !== null) read.push([performance.timeOrigin + performance.now(), Number(match[1])]);
  };
  const readPrintTimes = () => {
    for (const text of received.join('').split('\n')) {
      const match = /^line (\d+) at (\d+\.\d+)$/.exec(text);
      if (match !== null) printed[Number(match[1])] = Number(match[2]);
    }
  };
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['-e', PRINTER], { stdio: ['ignore', 'pipe', 'inherit'] });
    const timer = setTimeout(() => child.kill('SIGKILL'), RUN_LIMIT_MS);
    child.stdout.setEncoding('utf8');
    let naivePartial = '';
    child.stdout.on('data', (chunk: string) => {
      record(chunk);
      noteRead(chunk);
      if (variant === 'batched') {
        batcher.push(chunk, 'stdout');
        return;
      }
      const parts = (naivePartial + chunk).split('\n');
      naivePartial = parts.pop() ?? '';
      const at = new Date().toISOString();
      for (const text of parts) send([{ at, stream: 'stdout', text }]);
    });
    child.on('error', reject);
    child.on('close', () => {
      clearTimeout(timer);
      if (variant === 'batched') batcher.end();
      resolve({ events, readPrintTimes });
    });
  });
}

interface Probed {
  /** [frame time, newest line shown] whenever the newest line shown moved on. */
  readonly shown: Array<[number, number]>;
  /** [arrival time, last line of the event] for every `releases.output` event the page heard. */
  readonly arrived: Array<[number, number]>;
}

/**
 * Installs the frame probe and a second `releases.output` listener on the page's bridge client
 * (it only notes the arrival time and the event's last line number).
 */
async function probe(page: DrivenPage, lastLine: number, limitMs: number): Promise<Probed> {
  return page.evaluate(
    ({ lastLine, limitMs }) =>
      new Promise<Probed>((resolve) => {
        const log = document.querySelector('[role="log"]');
        if (log === null) throw new Error('no log on the page');
        const samples: Array<[number, number]> = [];
        const arrived: Array<[number, number]> = [];
        const stopListening = window.desk.on('releases.output', (batch) => {
          const last = batch.chunks.at(-1)?.text ?? '';
          const match = /^line (\d+) at /.exec(last.slice(last.lastIndexOf('\n') + 1));
          if (match !== null) arrived.push([performance.timeOrigin + performance.now(), Number(match[1])]);
        });
        const started = performance.now();
        let newest = -1;
        const frame = () => {
          const at = performance.timeOrigin + performance.now();
          for (const row of log.querySelectorAll('.log-line')) {
            const match = / line (\d+) at /.exec(row.textContent ?? '');
            if (match !== null) newest = Math.max(newest, Number(match[1]));
          }
          if (samples.length === 0 || (samples.at(-1)?.[1] ?? -1) < newest) samples.push([at, newest]);
          if (newest >= lastLine || performance.now() - started > limitMs) {
            stopListening();
            resolve({ shown: samples, arrived });
          } else requestAnimationFrame(frame);
        };
        requestAnimationFrame(frame);
      }),
    { lastLine, limitMs },
  );
}

/** Each line's delay from print to the first moment at or past it in `moments` ([time, newest line]). */
function delaysOf(moments: ReadonlyArray<readonly [number, number]>, printed: Float64Array): { readonly delays: number[]; readonly lastAt: number } {
  const delays: number[] = [];
  let next = 0;
  let lastAt = NaN;
  for (const [at, newest] of moments) {
    for (; next <= newest; next++) delays.push(at - (printed[next] ?? NaN));
    lastAt = at;
  }
  delays.sort((a, b) => a - b);
  return { delays, lastAt };
}

/** The moment each line 0..count-1 reached `moments` ([time, newest line]); NaN if it never did. */
function momentOfEachLine(moments: ReadonlyArray<readonly [number, number]>, count: number): Float64Array {
  const at = new Float64Array(count).fill(NaN);
  let next = 0;
  for (const [time, newest] of moments) for (; next <= newest && next < count; next++) at[next] = time;
  return at;
}

/** p95 over lines of the time from its event heard by the page to its first frame on screen. */
function p95PageShare(probed: Probed): number {
  const arrived = momentOfEachLine(probed.arrived, LINES);
  const shown = momentOfEachLine(probed.shown, LINES);
  const delays: number[] = [];
  for (let line = 0; line < LINES; line++) delays.push((shown[line] ?? NaN) - (arrived[line] ?? NaN));
  return p95(delays.filter((delay) => !Number.isNaN(delay)).sort((a, b) => a - b));
}

const p95 = (sorted: readonly number[]) => sorted[Math.floor(sorted.length * 0.95)] ?? NaN;

function figuresOf(
  probed: Probed,
  pushed: ReadonlyArray<readonly [number, number]>,
  read: ReadonlyArray<readonly [number, number]>,
  printed: Float64Array,
  events: number,
  heapMb: number,
  cpu: { readonly pageCpuMs: number; readonly mainCpuMs: number },
): Figures {
  const { delays, lastAt } = delaysOf(probed.shown, printed);
  return {
    linesPerSecond: Math.round(delays.length / ((lastAt - (printed[0] ?? NaN)) / 1000)),
    p95DelayMs: p95(delays),
    p95ReadMs: p95(delaysOf(read, printed).delays),
    p95PushedMs: p95(delaysOf(pushed, printed).delays),
    p95ArrivalMs: p95(delaysOf(probed.arrived, printed).delays),
    p95PageMs: p95PageShare(probed),
    shown: delays.length,
    printMs: (printed[LINES - 1] ?? NaN) - (printed[0] ?? NaN),
    events,
    heapMb: heapMb / 1024 / 1024,
    ...cpu,
    complete: delays.length === LINES,
  };
}

/** What a run needs of the page, whichever way Chromium is driven. */
interface DrivenPage {
  evaluate<A, T>(fn: (arg: A) => T | Promise<T>, arg: A): Promise<T>;
  send<T>(method: string, params?: Record<string, unknown>): Promise<T>;
  close(): Promise<void>;
}

interface Driver {
  open(url: string): Promise<DrivenPage>;
  /** A Chromium trace of `categories` until the returned stop() (bare driver only). */
  trace?(categories: readonly string[]): Promise<() => Promise<unknown[]>>;
  close(): Promise<void>;
}

const onPageError = (message: string) => console.error(`[page] ${message}`);

/** The default: Chromium over a bare DevTools pipe, no Network domain (bare-chromium.ts says why). */
async function bareDriver(profile: string): Promise<Driver> {
  const chromium = await launchBareChromium({
    executablePath: chromiumExecutable(),
    args: CHROMIUM_ARGS,
    userDataDir: path.join(profile, 'user-data'),
    env: { ...process.env, XDG_CONFIG_HOME: path.join(profile, 'config'), XDG_CACHE_HOME: path.join(profile, 'cache') },
  });
  return { open: (url) => chromium.newPage(url, onPageError), trace: (categories) => chromium.startTracing(categories), close: () => chromium.close() };
}

/** RENDERER_LOG_DRIVER=playwright: the same runs through Playwright, to see what its instruments cost. */
async function playwrightDriver(profile: string): Promise<Driver> {
  const browser: Browser = await chromium.launch({
    executablePath: chromiumExecutable(),
    args: CHROMIUM_ARGS,
    headless: true,
    env: { ...process.env, XDG_CONFIG_HOME: path.join(profile, 'config'), XDG_CACHE_HOME: path.join(profile, 'cache') },
  });
  return {
    async open(url) {
      const page = await browser.newPage();
      page.on('pageerror', (error) => onPageError(error.message));
      await page.goto(url);
      const cdp = await page.context().newCDPSession(page);
      return {
        evaluate: <A, T>(fn: (arg: A) => T | Promise<T>, arg: A) => page.evaluate(fn as (arg: unknown) => T | Promise<T>, arg),
        send: <T>(method: string, params?: Record<string, unknown>) => cdp.send(method as 'Runtime.evaluate', params as never) as Promise<T>,
        close: () => page.close(),
      };
    },
    close: () => browser.close(),
  };
}

/** Resolves once `selector` matches (checked every frame); rejects after `limitMs`. */
function waitForSelector({ selector, limitMs }: { readonly selector: string; readonly limitMs: number }): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    const started = performance.now();
    const check = () => {
      if (document.querySelector(selector) !== null) resolve();
      else if (performance.now() - started > limitMs) reject(new Error(`${selector} did not appear within ${limitMs} ms`));
      else requestAnimationFrame(check);
    };
    check();
  });
}

/** The Release view of the fixture, its Stage 1 log on screen. */
async function openReleaseView(page: DrivenPage): Promise<void> {
  await page.evaluate(waitForSelector, { selector: 'nav[aria-label="Main"]', limitMs: 10_000 });
  await page.evaluate(() => {
    const link = [...document.querySelectorAll<HTMLAnchorElement>('nav[aria-label="Main"] a')].find((a) => a.textContent.trim() === 'Release');
    if (link === undefined) throw new Error('no Release link in the navigation');
    link.click();
  }, null);
  await page.evaluate(waitForSelector, { selector: '[role="log"][aria-label="Stage 1 output"]', limitMs: 10_000 });
}

/** CPU time of the page's main thread so far, in ms (needs Performance.enable). */
async function pageThreadTime(page: DrivenPage): Promise<number> {
  const { metrics } = await page.send<{ metrics: ReadonlyArray<{ name: string; value: number }> }>('Performance.getMetrics');
  const threadTime = metrics.find((metric) => metric.name === 'ThreadTime');
  if (threadTime === undefined) throw new Error('Chromium reported no ThreadTime metric');
  return threadTime.value * 1000;
}

async function run(driver: Driver, bridge: BrowserBridge, variant: Variant, profileTo?: string): Promise<Figures> {
  const page = await driver.open(bridge.url);
  try {
    await openReleaseView(page);
    const printed = new Float64Array(LINES).fill(NaN);
    const shown = probe(page, LINES - 1, RUN_LIMIT_MS);
    // The probe is running once its first frame has passed; feeding starts after that.
    await page.evaluate(() => new Promise((resolve) => requestAnimationFrame(resolve)), null);
    if (profileTo !== undefined) {
      await page.send('Profiler.enable');
      await page.send('Profiler.setSamplingInterval', { interval: 200 });
      await page.send('Profiler.start');
    }
    const pushed: Array<[number, number]> = [];
    const read: Array<[number, number]> = [];
    await page.send('Performance.enable');
    const pageCpuBefore = await pageThreadTime(page);
    const mainCpuBefore = process.cpuUsage();
    const stopTrace = TRACE_TO === undefined || variant !== 'batched' ? undefined : await driver.trace?.(TRACE_CATEGORIES);
    const { events, readPrintTimes } = await feed(variant, bridge, printed, pushed, read);
    const probed = await shown;
    const mainCpu = process.cpuUsage(mainCpuBefore);
    readPrintTimes();
    const cpu = { pageCpuMs: (await pageThreadTime(page)) - pageCpuBefore, mainCpuMs: (mainCpu.user + mainCpu.system) / 1000 };
    if (stopTrace !== undefined && TRACE_TO !== undefined) await writeFile(TRACE_TO, JSON.stringify({ traceEvents: await stopTrace() }));
    if (profileTo !== undefined) {
      const { profile } = await page.send<{ profile: unknown }>('Profiler.stop');
      await writeFile(profileTo, JSON.stringify(profile));
    }
    await page.send('HeapProfiler.collectGarbage');
    const heap = await page.send<{ usedSize: number }>('Runtime.getHeapUsage');
    if (DUMP_TO !== undefined) await writeFile(DUMP_TO, JSON.stringify({ printed: [...printed], read, pushed, probed }));
    return figuresOf(probed, pushed, read, printed, events, heap.usedSize, cpu);
  } finally {
    await page.close();
  }
}

async function main(): Promise<void> {
  if (!existsSync(path.join(dist, 'renderer', 'index.html')) || !existsSync(path.join(dist, 'bridge', 'desk-client.js'))) {
    throw new Error(`The built renderer is missing under ${dist}: run \`npm run build\` first.`);
  }
  const profile = await mkdtemp(path.join(os.tmpdir(), 'bench-renderer-log-'));
  const bridge = await startBrowserBridge({
    rendererDir: path.join(dist, 'renderer'),
    clientScript: path.join(dist, 'bridge', 'desk-client.js'),
    handlers: fixtureHandlers(),
    logInternal: (call, error) => console.error(`[bridge] ${call}`, error),
    secrets: () => [SECRET],
  });
  let driver: Driver | null = null;
  try {
    driver = DRIVER === 'playwright' ? await playwrightDriver(profile) : await bareDriver(profile);
    if (PROFILE_DIR !== undefined) {
      const to = path.join(path.resolve(PROFILE_DIR), 'page.cpuprofile');
      console.log(`  profiled batched run: ${JSON.stringify(await run(driver, bridge, 'batched', to))}\n  page profile: ${to}`);
      return;
    }
    // A fresh Chromium loads its own WebUI pages in the background for a while (the omnibox
    // popup: ~150 ms of CPU in a renderer of its own); a first, unreported run keeps that
    // out of the figures.
    await run(driver, bridge, 'batched');
    const runs: Record<Variant, Figures[]> = { batched: [], naive: [] };
    for (let i = 0; i < RUNS; i++) {
      for (const variant of VARIANTS) {
        const figures = await run(driver, bridge, variant);
        runs[variant].push(figures);
        console.log(`  run ${i + 1} ${variant}: ${JSON.stringify({ ...figures, heapMb: Number(figures.heapMb.toFixed(1)), p95DelayMs: Number(figures.p95DelayMs.toFixed(1)), p95ReadMs: Number(figures.p95ReadMs.toFixed(1)), p95PushedMs: Number(figures.p95PushedMs.toFixed(1)), p95ArrivalMs: Number(figures.p95ArrivalMs.toFixed(1)), p95PageMs: Number(figures.p95PageMs.toFixed(1)), pageCpuMs: Math.round(figures.pageCpuMs), mainCpuMs: Math.round(figures.mainCpuMs) })}`);
      }
    }
    const mid = (variant: Variant, key: Exclude<keyof Figures, 'complete'>) => runs[variant].map((figures) => figures[key]).sort((a, b) => a - b)[Math.floor(RUNS / 2)] ?? NaN;
    const row = (name: string, variant: Variant) =>
      `  ${name.padEnd(34)} ${mid(variant, 'linesPerSecond').toLocaleString('en').padStart(9)} ${mid(variant, 'p95DelayMs').toFixed(0).padStart(9)} ${mid(variant, 'p95ReadMs').toFixed(0).padStart(9)} ${mid(variant, 'p95PushedMs').toFixed(0).padStart(11)} ${mid(variant, 'p95ArrivalMs').toFixed(0).padStart(11)} ${mid(variant, 'p95PageMs').toFixed(0).padStart(9)} ${mid(variant, 'heapMb').toFixed(1).padStart(9)} ${mid(variant, 'shown').toLocaleString('en').padStart(9)} ${mid(variant, 'events').toLocaleString('en').padStart(9)} ${mid(variant, 'printMs').toFixed(0).padStart(9)} ${mid(variant, 'pageCpuMs').toFixed(0).padStart(9)} ${mid(variant, 'mainCpuMs').toFixed(0).padStart(9)}` +
      (runs[variant].every((figures) => figures.complete) ? '' : `  (cut off at ${RUN_LIMIT_MS / 1000} s in ${runs[variant].filter((figures) => !figures.complete).length} of ${RUNS} runs)`);
    console.log(`renderer log throughput in Chromium (${DRIVER === 'bare' ? 'bare DevTools pipe' : 'Playwright'}${BLOCKING_PRINTER ? ', blocking printer' : ''}), ${LINES.toLocaleString('en')} lines printed as fast as possible (median of ${RUNS}; goal ≥ 50,000 lines/s, p95 < 100 ms)`);
    console.log(`  ${''.padEnd(34)} ${'lines/s'.padStart(9)} ${'p95 ms'.padStart(9)} ${'p95 read'.padStart(9)} ${'p95 pushed'.padStart(11)} ${'p95 in page'.padStart(11)} ${'p95 page'.padStart(9)} ${'heap MB'.padStart(9)} ${'shown'.padStart(9)} ${'events'.padStart(9)} ${'print ms'.padStart(9)} ${'page CPU'.padStart(9)} ${'main CPU'.padStart(9)}`);
    console.log(row('Release Desk (batched)', 'batched'));
    if (runs.naive.length > 0) console.log(row('naive (one event per line)', 'naive'));
    console.log("  p95: print → first frame showing the line, over every line; p95 read: print → the line read from the pipe by the main side (the printer's own queue and the pipe); p95 pushed / in page: print → its event sent by the bridge / heard by the page’s JS; p95 page: event heard → line on screen (the page's own share); heap: JS heap used after a GC, after the run; print ms: first to last line printed (the printer's own pace, a floor for the run); page CPU / main CPU: ms of CPU used by the page's main thread / by the bench process (the app's main side) from the first print to the last line on screen.");
  } finally {
    await driver?.close();
    await bridge.close();
    await rm(profile, { recursive: true, force: true });
  }
}

await main();
