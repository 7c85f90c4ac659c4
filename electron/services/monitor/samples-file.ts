/**
 * Appends a watched release's samples to its file, bounded: a samples file stops growing at
 * `maxBytes` (a 15-minute watch of 20 probes at 1 s is about 2 MB), so a long window or a
 * misconfigured interval cannot fill the disk. Sizes are remembered per file (one stat the
 * first time, also after a restart); the first refused line is logged once.
 */
import { appendFile, mkdir, stat } from 'node:fs/promises';
import path from 'node:path';
import type { SampleLine } from '../../../shared/monitor/watch-summary';

export const MAX_SAMPLES_FILE_BYTES = 16 * 1024 * 1024;

export type SampleAppender = (file: string, line: SampleLine) => Promise<void>;

export function boundedSampleAppender(maxBytes = MAX_SAMPLES_FILE_BYTES, log: (message: string, error?: unknown) => void = console.error): SampleAppender {
  const sizes = new Map<string, number>();
  return async (file, line) => {
    try {
      let size = sizes.get(file);
      if (size === undefined) {
        size = (await stat(file).catch(() => null))?.size ?? 0;
        sizes.set(file, size);
      }
      const text = `${JSON.stringify(line)}\n`;
      const grown = size + Buffer.byteLength(text);
      if (grown > maxBytes) {
        if (size <= maxBytes) log(`[monitor] ${file} reached its bound of ${maxBytes} bytes: later samples of this watch are kept in memory only`);
        sizes.set(file, maxBytes + 1);
        return;
      }
      await mkdir(path.dirname(file), { recursive: true });
      await appendFile(file, text);
      sizes.set(file, grown);
    } catch (error) {
      // Samples are evidence, not the product: a full disk must not stop the monitor.
      log(`[monitor] could not record a sample in ${file}:`, error);
    }
  };
}
