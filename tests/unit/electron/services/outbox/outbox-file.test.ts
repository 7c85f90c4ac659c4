import { appendFile, mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { OUTBOX_FILE, OutboxFile } from '../../../../../electron/services/outbox/outbox-file';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'release-desk-outbox-file-'));
});
afterEach(() => rm(dir, { recursive: true, force: true }));

describe('the outbox file', () => {
  it("reads back what it appended, and another writer's lines, once each", async () => {
    const writer = new OutboxFile(dir);
    const reader = new OutboxFile(dir);
    await writer.append([{ type: 'attempt', id: 'a', at: '2026-11-29T10:00:00.000Z' }]);
    expect((await reader.readNew()).map((r) => r.id)).toEqual(['a']);
    await writer.append([
      { type: 'delivered', id: 'a', at: '2026-11-29T10:00:01.000Z', facts: { 'github.deployment:r': 7 } },
      { type: 'refused', id: 'b', at: '2026-11-29T10:00:02.000Z', reason: 'not_in_channel' },
    ]);
    expect((await reader.readNew()).map((r) => r.type)).toEqual(['delivered', 'refused']);
    expect(await reader.readNew()).toEqual([]);
    await Promise.all([writer.close(), reader.close()]);
  });

  it('a line torn by a crash is skipped and counted, and the next record still starts on its own line', async () => {
    const file = path.join(dir, OUTBOX_FILE);
    await appendFile(file, `${JSON.stringify({ v: 1, type: 'attempt', id: 'a', at: 'x' })}\n{"v":1,"type":"deliv`);
    const outbox = new OutboxFile(dir);
    await outbox.append([{ type: 'attempt', id: 'b', at: 'y' }]);
    expect((await outbox.readNew()).map((r) => r.id)).toEqual(['a', 'b']);
    expect(outbox.unreadableLines).toBe(1);
    expect((await readFile(file, 'utf8')).split('\n')).toHaveLength(4);
    await outbox.close();
  });
});
