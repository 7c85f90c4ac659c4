/**
 * kill -9 during appends: a real child process appends to a real journal in a loop and is
 * killed at a random moment, again and again on the same file. After each kill, verify
 * passes or reports exactly a torn last line (never tampering), and every event the child
 * reported written (printed after its append resolved) is in the file with that hash.
 *
 * AUDIT_KILLS sets the number of kills (default 200, the number: about 75 s alone on
 * 2 cores, run beside the other files). A kill -9 cannot tear
 * a single write(2), a power loss can: every 10th round ends with a planted torn tail (verify
 * must report exactly that), and the next child's first append must quarantine it.
 */
import { spawn } from 'node:child_process';
import { appendFileSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { verifyJournalFile } from '../../electron/services/audit/verify-journal-file';
import { journalFileFor } from '../../electron/services/journal/release-journal';
import { buildChildScript } from './support/build-child';

const root = path.resolve(import.meta.dirname, '../..');
let childScript: string;
const KILLS = Number(process.env.AUDIT_KILLS ?? 200);
let dir: string;

beforeAll(async () => {
  childScript = await buildChildScript('audit-appender');
  dir = mkdtempSync(path.join(tmpdir(), 'audit-kill-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Starts the appender, kills it with SIGKILL `delayMs` after its first append; resolves with what it printed. */
function appendUntilKilled(file: string, name: string, delayMs: number): Promise<{ reported: Map<number, string>; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [childScript, file, name], { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let stderr = '';
    let armed = false;
    child.stdout.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      // Armed at the first reported append: every round writes, and the kill lands among later appends.
      if (!armed && /^ready\n[^\n]+\n/.test(out)) {
        armed = true;
        setTimeout(() => child.kill('SIGKILL'), delayMs);
      }
    });
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('error', reject);
    child.on('close', (code, signal) => {
      if (signal !== 'SIGKILL') return reject(new Error(`appender ended by itself (code ${String(code)}): ${stderr}`));
      const reported = new Map<number, string>();
      // Only whole lines count as reported: a half-printed line was not yet a report.
      for (const line of out.split('\n').slice(1, -1)) {
        const [seq, hash] = line.split(' ');
        reported.set(Number(seq), hash ?? '');
      }
      resolve({ reported, stderr });
    });
  });
}

it(`${KILLS} random kill -9s while appending: the journal verifies or has exactly a torn last line, and nothing reported written is lost`, async () => {
  const file = journalFileFor(path.join(dir, 'workspace'));
  const reportedAll = new Map<number, string>();
  let torn = 0;
  let appendedTotal = 0;
  let planted = 0;
  for (let kill = 0; kill < KILLS; kill++) {
    // A kill -9 cannot tear a single write(2) to a file, a power loss can: every 10th round
    // starts from a torn tail, which the child's first append must quarantine.
    if (kill % 10 === 5) {
      appendFileSync(file, '{"seq":999999,"at":"2026-11-');
      planted++;
    }
    const { reported, stderr } = await appendUntilKilled(file, `appender${kill}`, 5 + Math.floor(Math.random() * 46));
    expect(stderr).toBe('');
    for (const [seq, hash] of reported) reportedAll.set(seq, hash);
    appendedTotal += reported.size;

    // And every 10th round ends as a power loss would: a torn tail that verify must call exactly that.
    if (kill % 10 === 9) {
      appendFileSync(file, '{"seq":999999,"at":"2026-11-');
      planted++;
    }
    const result = await verifyJournalFile(file);
    const context = `after kill ${kill + 1}: ${JSON.stringify(result.problems)}`;
    expect(result.ok, context).toBe(true);
    expect(result.problems.length, context).toBeLessThanOrEqual(1);
    if (result.problems.length === 1) {
      torn++;
      expect(result.problems[0]?.kind, context).toBe('torn-last-line');
      expect(result.problems[0]?.line, context).toBe(result.entries + 1);
    }
    // Every event reported written is there, with the hash the child saw.
    const hashes = new Map<number, string>();
    for (const line of readFileSync(file, 'utf8').split('\n').slice(0, result.entries)) {
      const event = JSON.parse(line) as { seq: number; hash: string };
      hashes.set(event.seq, event.hash);
    }
    for (const [seq, hash] of reportedAll) expect(hashes.get(seq), `seq ${seq} ${context}`).toBe(hash);
  }
  // The test means something only if appends happened between kills.
  expect(appendedTotal).toBeGreaterThanOrEqual(KILLS);
  expect(torn).toBeGreaterThanOrEqual(Math.floor(KILLS / 10));
  const final = await verifyJournalFile(file);
  // Each planted torn tail was either quarantined (kept) or is still the torn last line.
  expect(final.quarantineFiles.length + (final.problems.length === 1 ? 1 : 0)).toBeGreaterThanOrEqual(Math.min(planted, 1));
  expect(final.quarantineFiles.length).toBeLessThanOrEqual(planted);
  console.info(`${KILLS} kills, ${appendedTotal} appends reported, ${final.entries} entries, ${torn} torn last lines seen after a kill, ${planted} torn tails planted, ${final.quarantineFiles.length} quarantine files`);
}, 600_000);
