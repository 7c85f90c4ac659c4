/**
 * Chromium driven over a bare DevTools pipe, for benchmarks that must not be measured through
 * Playwright's instruments: Playwright enables the Network domain on every page, so each
 * WebSocket frame the page receives is copied into a DevTools event, written down the pipe and
 * parsed in the driving process. For a 100,000-line burst that is every byte of the log a
 * second time, on the page's thread, in the browser and in the process that also plays the
 * app's main side. Here only the domains a bench asks for are used (Runtime, Profiler,
 * HeapProfiler), as in the shipped app, which runs with no DevTools attached.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import type { Readable, Writable } from 'node:stream';

export interface BarePage {
  /** `fn(arg)` in the page, awaited; its result comes back as JSON. */
  evaluate<A, T>(fn: (arg: A) => T | Promise<T>, arg: A): Promise<T>;
  /** One DevTools command on this page's session. */
  send<T = unknown>(method: string, params?: Record<string, unknown>): Promise<T>;
  close(): Promise<void>;
}

export interface BareChromium {
  newPage(url: string, onPageError: (message: string) => void): Promise<BarePage>;
  /** Starts a browser-wide trace of `categories`; the returned stop() gives its events (chrome://tracing's format). */
  startTracing(categories: readonly string[]): Promise<() => Promise<unknown[]>>;
  close(): Promise<void>;
}

interface Reply {
  readonly id?: number;
  readonly method?: string;
  readonly sessionId?: string;
  readonly params?: Record<string, unknown>;
  readonly result?: unknown;
  readonly error?: { readonly message: string };
}

export async function launchBareChromium(options: {
  readonly executablePath: string;
  readonly args: readonly string[];
  readonly userDataDir: string;
  readonly env: NodeJS.ProcessEnv;
}): Promise<BareChromium> {
  const child: ChildProcess = spawn(
    options.executablePath,
    [...options.args, '--headless', '--remote-debugging-pipe', `--user-data-dir=${options.userDataDir}`, 'about:blank'],
    { env: options.env, stdio: ['ignore', 'ignore', 'ignore', 'pipe', 'pipe'] },
  );
  const toBrowser = child.stdio[3] as Writable;
  const fromBrowser = child.stdio[4] as Readable;
  const waiting = new Map<number, { resolve: (value: unknown) => void; reject: (error: Error) => void; method: string }>();
  const sessionListeners = new Map<string, (message: Reply) => void>();
  const browserListeners = new Set<(message: Reply) => void>();
  let nextId = 1;
  let pending = '';
  fromBrowser.setEncoding('utf8');
  fromBrowser.on('data', (chunk: string) => {
    pending += chunk;
    for (let end = pending.indexOf('\0'); end !== -1; end = pending.indexOf('\0')) {
      const message = JSON.parse(pending.slice(0, end)) as Reply;
      pending = pending.slice(end + 1);
      if (message.id !== undefined) {
        const waiter = waiting.get(message.id);
        waiting.delete(message.id);
        if (message.error !== undefined) waiter?.reject(new Error(`${waiter.method}: ${message.error.message}`));
        else waiter?.resolve(message.result);
      } else if (message.sessionId !== undefined) sessionListeners.get(message.sessionId)?.(message);
      else for (const listener of browserListeners) listener(message);
    }
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.once('exit', () => {
    for (const waiter of waiting.values()) waiter.reject(new Error(`Chromium exited during ${waiter.method}`));
    waiting.clear();
  });

  const send = <T>(method: string, params: Record<string, unknown> = {}, sessionId?: string): Promise<T> =>
    new Promise<T>((resolve, reject) => {
      const id = nextId++;
      waiting.set(id, { resolve: resolve as (value: unknown) => void, reject, method });
      toBrowser.write(`${JSON.stringify({ id, method, params, ...(sessionId === undefined ? {} : { sessionId }) })}\0`);
    });

  return {
    async newPage(url, onPageError) {
      const { targetId } = await send<{ targetId: string }>('Target.createTarget', { url: 'about:blank' });
      const { sessionId } = await send<{ sessionId: string }>('Target.attachToTarget', { targetId, flatten: true });
      sessionListeners.set(sessionId, (message) => {
        if (message.method === 'Runtime.exceptionThrown') {
          const details = message.params?.exceptionDetails as { exception?: { description?: string }; text?: string } | undefined;
          onPageError(details?.exception?.description ?? details?.text ?? 'an exception in the page');
        }
      });
      const inPage = <T>(method: string, params?: Record<string, unknown>) => send<T>(method, params, sessionId);
      await inPage('Runtime.enable');
      await inPage('Page.enable');
      const loaded = new Promise<void>((resolve) => {
        const listener = sessionListeners.get(sessionId);
        sessionListeners.set(sessionId, (message) => {
          listener?.(message);
          if (message.method === 'Page.loadEventFired') resolve();
        });
      });
      await inPage('Page.navigate', { url });
      await loaded;
      return {
        async evaluate<A, T>(fn: (arg: A) => T | Promise<T>, arg: A): Promise<T> {
          const reply = await inPage<{ result: { value?: T }; exceptionDetails?: { exception?: { description?: string }; text: string } }>('Runtime.evaluate', {
            expression: `(${fn.toString()})(${JSON.stringify(arg)})`,
            awaitPromise: true,
            returnByValue: true,
          });
          if (reply.exceptionDetails !== undefined) throw new Error(reply.exceptionDetails.exception?.description ?? reply.exceptionDetails.text);
          return reply.result.value as T;
        },
        send: inPage,
        async close() {
          // Leaving the page first lets it close its WebSocket with a close frame rather than
          // have the connection reset under the bridge.
          await inPage('Page.navigate', { url: 'about:blank' });
          sessionListeners.delete(sessionId);
          await send('Target.closeTarget', { targetId });
        },
      };
    },
    async startTracing(categories) {
      const events: unknown[] = [];
      let complete: () => void = () => undefined;
      const done = new Promise<void>((resolve) => (complete = resolve));
      const listener = (message: Reply) => {
        if (message.method === 'Tracing.dataCollected') events.push(...((message.params?.value as unknown[] | undefined) ?? []));
        if (message.method === 'Tracing.tracingComplete') complete();
      };
      browserListeners.add(listener);
      await send('Tracing.start', { transferMode: 'ReportEvents', traceConfig: { includedCategories: categories } });
      return async () => {
        await send('Tracing.end');
        await done;
        browserListeners.delete(listener);
        return events;
      };
    },
    async close() {
      await send('Browser.close').catch(() => undefined);
      await exited;
    },
  };
}
