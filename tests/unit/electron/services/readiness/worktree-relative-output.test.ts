import { describe, expect, it } from 'vitest';
import { createWorktreeRelativizer } from '../../../../../electron/services/readiness/worktree-relative-output';

const FOLDER = '/tmp/release-desk-worktree-Ab12Cd';

describe('createWorktreeRelativizer', () => {
  it('writes the worktree as . even when a chunk ends inside its path', () => {
    const text = `ok ${FOLDER}/src/a.test.js\nnot ok ${FOLDER}/src/b.test.js\n`;
    for (let cut = 1; cut < text.length; cut++) {
      const relativizer = createWorktreeRelativizer(FOLDER);
      const shown = relativizer.push(text.slice(0, cut)) + relativizer.push(text.slice(cut)) + relativizer.flush();
      expect(shown).toBe('ok ./src/a.test.js\nnot ok ./src/b.test.js\n');
    }
  });

  it('holds back only what could still become the path', () => {
    const relativizer = createWorktreeRelativizer(FOLDER);
    expect(relativizer.push('line 1\n/tm')).toBe('line 1\n');
    expect(relativizer.push('x\n')).toBe('/tmx\n');
    expect(relativizer.push('/tmp/release')).toBe('');
    expect(relativizer.flush()).toBe('/tmp/release');
  });
});
