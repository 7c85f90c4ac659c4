import { describe, expect, it } from 'vitest';
import { changeSet, couldConflict, parseDiffTree } from '../../../../../electron/services/git/conflict-prefilter';
import { parseGitVersion, atLeast } from '../../../../../electron/services/git/git-version';
import { parseMergeTreeStdin } from '../../../../../electron/services/git/merge-conflicts';

const set = (...entries: string[]) => changeSet(entries.map((entry) => ({ status: entry.slice(0, 1), path: entry.slice(2) })));
const A = 'a'.repeat(40);
const B = 'b'.repeat(40);

describe('couldConflict', () => {
  it('clears disjoint changes, also in one directory', () => {
    expect(couldConflict(set('M src/a.ts', 'A docs/x.md'), set('M src/b.ts', 'A feature.txt'))).toBe(false);
  });
  it('flags the same path on both sides', () => {
    expect(couldConflict(set('M src/a.ts'), set('M src/a.ts'))).toBe(true);
    expect(couldConflict(set('D old.txt'), set('M old.txt'))).toBe(true);
  });
  it('flags a file on one side where the other has a directory, either way round', () => {
    expect(couldConflict(set('A fd'), set('A fd/inner.txt'))).toBe(true);
    expect(couldConflict(set('A deep/fd/x/y.txt'), set('A deep/fd'))).toBe(true);
  });
  it('flags changes under a directory the other side deleted from (directory renames), not a deleted top-level file', () => {
    expect(couldConflict(set('D old/a.txt', 'A new/a.txt'), set('A old/c.txt'))).toBe(true);
    expect(couldConflict(set('A lib/sub/c.txt'), set('D lib/x/a.txt', 'A moved/x/a.txt'))).toBe(true);
    expect(couldConflict(set('D top.txt'), set('A dir/new.txt'))).toBe(false);
  });
});

describe('parseDiffTree', () => {
  it('maps each --always section to its pair, empty ones included, and keeps odd names whole', () => {
    const out = [A, 'M', 'A', 'D', B, B, A, 'A', 'dir/with\nnewline'].join('\0') + '\0';
    const sections = parseDiffTree(out, [
      { base: B, side: A },
      { base: A, side: B },
      { base: B, side: A },
    ]);
    expect(sections).toEqual([[{ status: 'M', path: 'A' }, { status: 'D', path: B }], [], [{ status: 'A', path: 'dir/with\nnewline' }]]);
  });
  it('refuses output that does not line up with the pairs', () => {
    expect(() => parseDiffTree(`${B}\0`, [{ base: B, side: A }])).toThrow(/expected/);
    expect(() => parseDiffTree(`${A}\0`, [{ base: B, side: A }, { base: B, side: A }])).toThrow(/1 sections for 2 pairs/);
  });
});

describe('parseMergeTreeStdin (git >= 2.42 output, per git builtin/merge-tree.c)', () => {
  it('reads clean and conflicted merges in order', () => {
    const out = ['1', A, '', '0', B, 'x.txt', 'x.txt', 'y z.txt', '', '1', A, ''].join('\0');
    expect(parseMergeTreeStdin(out, 3)).toEqual([{ kind: 'none' }, { kind: 'conflicts', files: ['x.txt', 'y z.txt'] }, { kind: 'none' }]);
  });
  it('gives null when the output is short or malformed', () => {
    expect(parseMergeTreeStdin(['1', A, ''].join('\0'), 2)).toBeNull();
    expect(parseMergeTreeStdin('fatal\0', 1)).toBeNull();
  });
});

describe('git version', () => {
  it('parses and compares', () => {
    expect(parseGitVersion('git version 2.39.5\n')).toEqual({ major: 2, minor: 39 });
    expect(parseGitVersion('git version 2.42.0.windows.1')).toEqual({ major: 2, minor: 42 });
    expect(atLeast(parseGitVersion('git version 2.39.5'), 2, 42)).toBe(false);
    expect(atLeast(parseGitVersion('git version 2.42.0'), 2, 42)).toBe(true);
    expect(atLeast(parseGitVersion('git version 3.0.0'), 2, 42)).toBe(true);
    expect(atLeast(parseGitVersion('nonsense'), 2, 42)).toBe(false);
  });
});
