/**
 * The lines of live output chunks (output-chunk.ts) back, for the views and the CLI. Apart
 * from the schema so the window's bundle does not load zod for it: zod probes for eval when
 * it builds a schema, which the renderer's CSP reports as a violation.
 */
import type { OutputChunk } from './output-chunk';

/** The lines of a chunk, as they were printed (without their line ends). */
export function chunkLines(chunk: Pick<OutputChunk, 'text'>): string[] {
  return chunk.text.split('\n');
}

/** The lines of every chunk of an event, in order. */
export function linesOfChunks(chunks: readonly Pick<OutputChunk, 'text'>[]): string[] {
  const only = chunks.length === 1 ? chunks[0] : undefined;
  return only === undefined ? chunks.flatMap(chunkLines) : chunkLines(only);
}
