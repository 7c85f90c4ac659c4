import { describe, expect, it } from 'vitest';
import { fastCanonicalEncoding } from '../../shared/audit/fast-canonical';
import { canonicalEncoding } from '../../shared/releases/canonical-encoding';
import { releaseStory } from '../fixtures/release-events';

describe('fastCanonicalEncoding', () => {
  it('writes the same bytes as canonicalEncoding for every kind of event and awkward values', () => {
    const story = releaseStory().plan({ pullRequest: { number: 7, url: 'https://x.example/7', title: 'Ünïcode "quotes" \\ and \u2028' } }).stage1().signOffAll();
    story.preflight().switchover().verdict('faulty').rollback().unlock();
    story.add('release-notes', { commits: [{ sha: 'a'.repeat(40), subject: 'emoji 🚀 and \n newline', author: 'Zoë' }] });
    const odd = { b: [1, -0.5, 1e21, true, null, { z: 'z', A: 'A', é: 'e', _: [] }], a: { '': 'empty key', '\u0000': 'nul' }, hash: 'left out' };
    for (const value of [...story.events, odd]) {
      const parsed = JSON.parse(JSON.stringify(value)) as Record<string, unknown>;
      expect(fastCanonicalEncoding(parsed)).toBe(canonicalEncoding(parsed));
    }
  });
});
