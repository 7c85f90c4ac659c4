/**
 * The wire format of live command output (`releases.output`, `rollback.output`): an event
 * carries a few chunks, each one time stamp, one stream and its whole lines as ONE string
 * joined by "\n". Sent as one object per line, a 100,000-line burst cost 100,000 objects to
 * check against the contract, to encode as JSON, to decode in the page; as chunks it costs a
 * handful of values per event and one split in the page.
 *
 * A line never holds "\n" (the batcher splits on it), so splitting a chunk's text on "\n"
 * gives its lines back exactly (output-lines.ts); "\r" and other control characters stay in
 * their line as text.
 */
import { z } from 'zod';

import { OUTPUT_EVENT_MAX_CHARS, OUTPUT_EVENT_MAX_CHUNKS } from './output-limits';

export { OUTPUT_EVENT_MAX_CHARS, OUTPUT_EVENT_MAX_CHUNKS, OUTPUT_LINE_MAX_CHARS } from './output-limits';

export const OutputChunkSchema = z.object({
  at: z.string().max(40),
  stream: z.enum(['stdout', 'stderr']),
  /** One or more whole lines joined by "\n" (an empty string is one empty line). */
  text: z.string().max(OUTPUT_EVENT_MAX_CHARS),
});
export type OutputChunk = z.infer<typeof OutputChunkSchema>;

export const OutputChunksSchema = z
  .array(OutputChunkSchema)
  .max(OUTPUT_EVENT_MAX_CHUNKS)
  .refine((chunks) => chunks.reduce((sum, chunk) => sum + chunk.text.length, 0) <= OUTPUT_EVENT_MAX_CHARS, {
    message: `must hold at most ${OUTPUT_EVENT_MAX_CHARS} characters of output in one event`,
  });
