import { describe, expect, it } from 'vitest';

// The renderer is its own TypeScript project: loaded by a path tsc does not follow; vitest compiles it.
const formatModule = '../../../../../renderer/views/branches/format';
const { summarySentence, shortSha } = (await import(/* @vite-ignore */ formatModule)) as {
  summarySentence: (readiness: { readonly state: string }, summary: string) => string;
  shortSha: (sha: string) => string;
};

describe('summarySentence', () => {
  it('does not repeat the Eligible badge', () => {
    expect(summarySentence({ state: 'eligible' }, 'eligible for release')).toBe('Every condition for release is met.');
  });

  it('starts every other summary with a capital', () => {
    expect(summarySentence({ state: 'blocked' }, 'local tests have not been run on 1234567')).toBe('Local tests have not been run on 1234567');
    expect(summarySentence({ state: 'unknown' }, 'cannot tell: CI results unavailable')).toBe('Cannot tell: CI results unavailable');
  });

  it('shortens SHAs to the one length used everywhere', () => {
    expect(shortSha('0123456789abcdef0123456789abcdef01234567')).toBe('0123456');
  });
});
