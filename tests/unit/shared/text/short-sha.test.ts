import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { SHORT_SHA_LENGTH, shortSha } from '../../../../shared/text/short-sha';

const root = path.resolve(import.meta.dirname, '../../../..');

async function sourceFiles(folder: string): Promise<string[]> {
  if (/\.tsx?$/.test(folder)) return [folder];
  const entries = await readdir(path.join(root, folder), { withFileTypes: true, recursive: true });
  return entries
    .filter((entry) => entry.isFile() && /\.tsx?$/.test(entry.name))
    .map((entry) => path.relative(root, path.join(entry.parentPath, entry.name)));
}

describe('shortSha', () => {
  it('shortens a commit to 7 characters, as git does', () => {
    expect(shortSha('0123456789abcdef0123456789abcdef01234567')).toBe('0123456');
    expect(SHORT_SHA_LENGTH).toBe(7);
  });

  // A SHA shortened by hand beside the helper is how 7- and 8-character SHAs got mixed.
  it('is the only place a SHA is shortened for display on the board, in readiness, the release flow and shared code', async () => {
    // A version is a SHA too; a longer cut (80 characters of a command's output) is not a shortening.
    const handMade = /\b\w*(sha|head|version)\w*\??\.slice\(0,\s*(\d|[1-3]\d)\)/i;
    const offenders: string[] = [];
    const releaseCli = (await readdir(path.join(root, 'electron/cli/commands'))).filter((name) => name.startsWith('release')).map((name) => `electron/cli/commands/${name}`);
    for (const folder of ['renderer', 'shared', 'electron/services/readiness', 'electron/services/git', 'electron/services/ci', 'electron/cli/readiness-text.ts', 'electron/services/releases', ...releaseCli]) {
      for (const file of await sourceFiles(folder)) {
        if (file === path.join('shared', 'text', 'short-sha.ts')) continue;
        const lines = (await readFile(path.join(root, file), 'utf8')).split('\n');
        lines.forEach((line, index) => {
          // File names may carry more of the SHA; they are not shown to people.
          if (handMade.test(line) && !/logFile|\.log`/.test(line)) offenders.push(`${file}:${index + 1}: ${line.trim()}`);
        });
      }
    }
    expect(offenders).toEqual([]);
  });
});
