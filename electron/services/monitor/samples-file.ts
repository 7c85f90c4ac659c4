/**
 * Appends a watched release's samples to its file, bounded: a samples file stops growing at
 * `maxBytes` (a 15-minute watch of 20 probes at 1 s is about 2 MB), so a long window or a
 * misconfigured interval cannot fill the disk. Sizes are remembered per file (one stat the
 * first time, also after a restart); the first refused line is logged once.
 *
 * Synchronous on purpose: a reading is on disk in the same turn it is taken, so whoever sums
 * up the watch when it ends (this app, another window, the CLI) reads every reading timed
 * before the end — an asynchronous write still queued then would be missing from the summary.
 * One small append per reading costs microseconds.
 */
import { appendFileSync, mkdirSync, statSync } from 'node:fs';
import path from 'node:path';
import type { SampleLine } from '../../../shared/monitor/watch-summary';

export const MAX_SAMPLES_FILE_BYTES = 16 * 1024 * 1024;

export type SampleAppender = (file: string, line: SampleLine) => void;

export function boundedSampleAppender(maxBytes = MAX_SAMPLES_FILE_BYTES, log: (message: string, error?: unknown) => void = console.error): SampleAppender {
  const sizes = new Map<string, number>();
  return (file, line) => {
    try {
      let size = sizes.get(file);
      if (size === undefined) {
        size = statSync(file, { throwIfNoEntry: false })?.size ?? 0;
        if (size === 0) mkdirSync(path.dirname(file), { recursive: true });
        sizes.set(file, size);
      }
      const text = `${JSON.stringify(line)}\n`;
      const grown = size + Buffer.byteLength(text);
      if (grown > maxBytes) {
        if (size <= maxBytes) log(`[monitor] ${file} reached its bound of ${maxBytes} bytes: later samples of this watch are kept in memory only`);
        sizes.set(file, maxBytes + 1);
        return;
      }
      appendFileSync(file, text);
      sizes.set(file, grown);
    } catch (error) {
      // Samples are evidence, not the product: a full disk must not stop the monitor.
      log(`[monitor] could not record a sample in ${file}:`, error);
    }
  };
}
