/**
 * Issue 8's live log, main process only: what 100,000 printed lines cost between the command's
 * pipe and the bridge's socket — the output batcher, the contract check of each
 * `releases.output` event, and the redacted JSON the browser bridge sends.
 *  - Release Desk: the wire format of shared/releases/output-chunk.ts (lines joined by "\n"
 *    in a few chunks per event);
 *  - baseline, same run: the format before it, one `{at, stream, text}` object per line,
 *    checked by the schema it had.
 * Both batch every 500 lines. Medians of 7 runs; also the bytes that would go on the wire.
 */
import { z } from 'zod';
import { createOutputBatcher, type OutputChunk } from '../electron/services/releases/output-batcher';
import { redactedJson } from '../electron/services/vault/redact';
import { contract } from '../shared/ipc/contract';
import { StepNameSchema } from '../shared/releases/release-events';

const LINES = 100_000;
const RUNS = 7;
const SECRETS = ['not-in-the-output-but-scanned-for'];

// The per-line event as it was, kept here as the baseline.
const PerLineOutputSchema = z.object({
  releaseId: z.string(),
  step: StepNameSchema,
  attempt: z.number().int(),
  lines: z.array(z.object({ at: z.string(), stream: z.enum(['stdout', 'stderr']), text: z.string() })),
});

/** The printer's output as the pipe hands it over: 200 lines per chunk. */
function printed(): string[] {
  const chunks: string[] = [];
  let buffer = '';
  for (let i = 0; i < LINES; i++) {
    buffer += `line ${i} at ${(1_764_410_000_000 + i / 7).toFixed(3)}\n`;
    if (i % 200 === 199) {
      chunks.push(buffer);
      buffer = '';
    }
  }
  return chunks;
}

interface Costs {
  readonly batcher: number;
  readonly check: number;
  readonly json: number;
  readonly bytes: number;
  readonly events: number;
}

function chunked(input: readonly string[]): Costs {
  const batches: (readonly OutputChunk[])[] = [];
  let started = performance.now();
  const batcher = createOutputBatcher({ emit: (chunks) => batches.push(chunks), intervalMs: 60_000 });
  for (const chunk of input) batcher.push(chunk, 'stdout');
  batcher.end();
  const batcherMs = performance.now() - started;
  started = performance.now();
  const checked = batches.map((chunks) => contract.events['releases.output'].parse({ releaseId: 'r1', step: 'stage1', attempt: 1, chunks: [...chunks] }));
  const checkMs = performance.now() - started;
  started = performance.now();
  let bytes = 0;
  for (const payload of checked) bytes += redactedJson({ type: 'event', name: 'releases.output', payload }, SECRETS).length;
  return { batcher: batcherMs, check: checkMs, json: performance.now() - started, bytes, events: batches.length };
}

/** The batcher as it was: a split per chunk and one object per line. */
function perLine(input: readonly string[]): Costs {
  const batches: { at: string; stream: 'stdout'; text: string }[][] = [];
  let started = performance.now();
  let pending: { at: string; stream: 'stdout'; text: string }[] = [];
  let partial = '';
  for (const chunk of input) {
    const parts = (partial + chunk).split('\n');
    partial = parts.pop() ?? '';
    const at = new Date().toISOString();
    for (const line of parts) {
      pending.push({ at, stream: 'stdout', text: line.endsWith('\r') ? line.slice(0, -1) : line });
      if (pending.length >= 500) {
        batches.push(pending);
        pending = [];
      }
    }
  }
  if (pending.length > 0) batches.push(pending);
  const batcherMs = performance.now() - started;
  started = performance.now();
  const checked = batches.map((lines) => PerLineOutputSchema.parse({ releaseId: 'r1', step: 'stage1', attempt: 1, lines }));
  const checkMs = performance.now() - started;
  started = performance.now();
  let bytes = 0;
  for (const payload of checked) bytes += redactedJson({ type: 'event', name: 'releases.output', payload }, SECRETS).length;
  return { batcher: batcherMs, check: checkMs, json: performance.now() - started, bytes, events: batches.length };
}

const input = printed();
const runs: Record<'chunked' | 'perLine', Costs[]> = { chunked: [], perLine: [] };
for (let run = 0; run < RUNS; run++) {
  runs.chunked.push(chunked(input));
  runs.perLine.push(perLine(input));
}
const median = (costs: readonly Costs[], pick: (costs: Costs) => number) => costs.map(pick).sort((a, b) => a - b)[Math.floor(costs.length / 2)] ?? NaN;
const total = (costs: Costs) => costs.batcher + costs.check + costs.json;
const row = (name: string, costs: readonly Costs[]) =>
  `  ${name.padEnd(34)} ${median(costs, (c) => c.batcher).toFixed(1).padStart(9)} ${median(costs, (c) => c.check).toFixed(1).padStart(9)} ${median(costs, (c) => c.json).toFixed(1).padStart(9)} ${median(costs, total).toFixed(1).padStart(9)} ${(median(costs, (c) => c.bytes) / 1e6).toFixed(2).padStart(9)} ${median(costs, (c) => c.events).toString().padStart(7)}`;
console.log(`live output in the main process, ${LINES.toLocaleString('en')} lines (median of ${RUNS}, ms)`);
console.log(`  ${''.padEnd(34)} ${'batcher'.padStart(9)} ${'contract'.padStart(9)} ${'json'.padStart(9)} ${'total'.padStart(9)} ${'MB sent'.padStart(9)} ${'events'.padStart(7)}`);
console.log(row('Release Desk (chunks)', runs.chunked));
console.log(row('baseline (one object per line)', runs.perLine));
console.log(`  total: ${(median(runs.perLine, total) / median(runs.chunked, total)).toFixed(1)}× less with chunks; json: redactedJson, as the browser bridge sends an event.`);
