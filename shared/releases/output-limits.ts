/**
 * The live output's size limits (output-chunk.ts), apart from its schema so the rollback's
 * start path (the output batcher) loads no zod before its command is spawned.
 */

/** Chunks in one event at most: a chunk holds at least one line, the batcher sends 500 at most. */
export const OUTPUT_EVENT_MAX_CHUNKS = 5_000;
/**
 * Characters of one line at most: a longer line (a minified bundle printed whole) is cut into
 * lines of this length by the batcher, so neither an event nor the batcher's memory grows
 * without bound while a command prints with no newline. The log on disk keeps it whole.
 */
export const OUTPUT_LINE_MAX_CHARS = 64 * 1024;
/**
 * Characters of one event's text at most (all chunks together); the batcher sends an event
 * once it holds a quarter of this, and a line is shorter than the rest.
 */
export const OUTPUT_EVENT_MAX_CHARS = 1024 * 1024;
