/**
 * The wire format of live output: chunks of whole lines joined by "\n", bounded so that no
 * event can grow without limit, and split back into exactly the lines that were sent.
 */
import { describe, expect, it } from 'vitest';
import { contract } from '../../../../shared/ipc/contract';
import { OUTPUT_EVENT_MAX_CHARS, OUTPUT_EVENT_MAX_CHUNKS } from '../../../../shared/releases/output-chunk';
import { chunkLines, linesOfChunks } from '../../../../shared/releases/output-lines';

const at = '2026-11-29T10:00:00.000Z';
const event = (chunks: unknown[]) => ({ releaseId: 'r1', step: 'stage1', attempt: 1, chunks });

describe('releases.output and rollback.output as chunks', () => {
  it('takes chunks and refuses the old one-object-per-line shape', () => {
    expect(contract.events['releases.output'].safeParse(event([{ at, stream: 'stdout', text: 'a\nb' }])).success).toBe(true);
    expect(contract.events['rollback.output'].safeParse({ environment: 'production', chunks: [{ at, stream: 'stderr', text: 'x' }] }).success).toBe(true);
    expect(contract.events['releases.output'].safeParse({ releaseId: 'r1', step: 'stage1', attempt: 1, lines: [{ at, stream: 'stdout', text: 'a' }] }).success).toBe(false);
  });

  it('bounds an event: chunks, characters, the stream and the stamp, saying which', () => {
    const tooMany = contract.events['releases.output'].safeParse(event(Array.from({ length: OUTPUT_EVENT_MAX_CHUNKS + 1 }, () => ({ at, stream: 'stdout', text: '' }))));
    expect(tooMany.success).toBe(false);
    expect(tooMany.error?.issues[0]?.path).toEqual(['chunks']);

    const half = 'x'.repeat(OUTPUT_EVENT_MAX_CHARS / 2 + 1);
    const tooLong = contract.events['releases.output'].safeParse(event([{ at, stream: 'stdout', text: half }, { at, stream: 'stdout', text: half }]));
    expect(tooLong.success).toBe(false);
    expect(tooLong.error?.issues[0]).toMatchObject({ path: ['chunks'], message: `must hold at most ${OUTPUT_EVENT_MAX_CHARS} characters of output in one event` });
    expect(contract.events['releases.output'].safeParse(event([{ at, stream: 'stdout', text: 'x'.repeat(OUTPUT_EVENT_MAX_CHARS) }])).success).toBe(true);

    const badStream = contract.events['releases.output'].safeParse(event([{ at, stream: 'stdin', text: 'a' }]));
    expect(badStream.error?.issues[0]?.path).toEqual(['chunks', 0, 'stream']);
    expect(contract.events['releases.output'].safeParse(event([{ at: 'x'.repeat(41), stream: 'stdout', text: 'a' }])).success).toBe(false);
  });

  it('splits back into the lines sent, empty lines and control characters included', () => {
    expect(chunkLines({ text: '' })).toEqual(['']);
    expect(chunkLines({ text: '\n' })).toEqual(['', '']);
    expect(linesOfChunks([{ text: 'a\r\u0007b\n' }, { text: 'c' }])).toEqual(['a\r\u0007b', '', 'c']);
    expect(linesOfChunks([])).toEqual([]);
  });
});
